namespace Bookline.Tests.Shared;

/// <summary>A test that needs the RabbitMQ and PostgreSQL servers scripts/test.sh starts; skipped without them unless the run requires them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ServersFactAttribute : FactAttribute
{
    public ServersFactAttribute() => Skip = TestServers.SkipReason;
}
