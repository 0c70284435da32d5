namespace Bookline.Library.Catalog;

/// <summary>Someone allowed to read a served catalog: a name and a password hash, never the password.</summary>
/// <param name="Name">The name given at login.</param>
/// <param name="PasswordHash">The password's hash, as the web face's hasher wrote it (a salted, iterated hash).</param>
/// <param name="CreatedUtc">When the account was added (or its password last set).</param>
public sealed record CatalogAccount(string Name, string PasswordHash, DateTimeOffset CreatedUtc);
