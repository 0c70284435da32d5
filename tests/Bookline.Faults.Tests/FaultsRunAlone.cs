namespace Bookline.Faults.Tests;

/// <summary>The faults stop and kill the shared servers and load both cores: these tests run one at a time, alone.</summary>
[CollectionDefinition(nameof(FaultsRunAlone), DisableParallelization = true)]
public sealed class FaultsRunAlone : ICollectionFixture<FaultLibrary>;
