namespace Bookline.Cli.Tests.Web;

/// <summary>The sample catalog served with one account, so every visitor is asked to sign in.</summary>
public sealed class ServedSampleCatalogWithAccount : ServedSampleCatalog
{
    public const string Name = "librarian";

    public const string Password = "correct horse battery";

    public override IReadOnlyDictionary<string, string> Accounts { get; } = new Dictionary<string, string> { [Name] = Password };
}
