namespace Bookline.Library.Catalog;

/// <summary>The accounts a served catalog asks for, kept in the catalog itself.</summary>
public interface ICatalogAccounts
{
    /// <summary>Adds an account, or replaces the one with its name (a new password).</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Abandons the write.</param>
    /// <returns>A task that completes when it is committed.</returns>
    Task SetAccountAsync(CatalogAccount account, CancellationToken cancellationToken = default);

    /// <summary>Removes an account.</summary>
    /// <param name="name">The account's name.</param>
    /// <param name="cancellationToken">Abandons the write.</param>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveAccountAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every account, by name.</summary>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The accounts.</returns>
    Task<IReadOnlyList<CatalogAccount>> AccountsAsync(CancellationToken cancellationToken = default);
}
