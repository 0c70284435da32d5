using Bookline.Library.Catalog;

namespace Bookline.Library.Tests.Catalog;

/// <summary>The accounts a served catalog asks for, kept in the catalog, on each store.</summary>
public sealed class CatalogAccountsTests : IDisposable
{
    private readonly CatalogStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(CatalogStores.Kinds), MemberType = typeof(CatalogStores))]
    public async Task AnAccountIsAddedReplacedListedByNameAndRemoved(string kind)
    {
        using ICatalog catalog = _stores.OpenNew(kind);
        Assert.Empty(await catalog.AccountsAsync());
        var created = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        await catalog.SetAccountAsync(new CatalogAccount("zoë", "hash-1", created));
        await catalog.SetAccountAsync(new CatalogAccount("adam", "hash-2", created));
        await catalog.SetAccountAsync(new CatalogAccount("zoë", "hash-3", created.AddHours(1)));

        IReadOnlyList<CatalogAccount> accounts = await catalog.AccountsAsync();
        Assert.Equal(["adam", "zoë"], accounts.Select(a => a.Name));
        Assert.Equal("hash-3", accounts[1].PasswordHash);
        Assert.Equal(created.AddHours(1), accounts[1].CreatedUtc);

        Assert.True(await catalog.RemoveAccountAsync("adam"));
        Assert.False(await catalog.RemoveAccountAsync("adam"));
        Assert.Equal(["zoë"], (await catalog.AccountsAsync()).Select(a => a.Name));
    }
}
