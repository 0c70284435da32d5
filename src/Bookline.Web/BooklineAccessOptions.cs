namespace Bookline.Web;

/// <summary>How <see cref="BooklineAccess.UseBooklineAccounts"/> asks for accounts and refuses guessing.</summary>
public sealed class BooklineAccessOptions
{
    /// <summary>The name apps show when they ask for a login (HTTP Basic's realm).</summary>
    /// <value>"Bookline" by default.</value>
    public string Realm { get; set; } = "Bookline";

    /// <summary>How many failed logins from one address refuse it for <see cref="BanFor"/>; 0 never refuses.</summary>
    /// <value>5 by default (calibre's --ban-after).</value>
    public int BanAfter { get; set; } = 5;

    /// <summary>How long an address that failed <see cref="BanAfter"/> logins in a row is refused.</summary>
    /// <value>10 minutes by default (calibre's --ban-for).</value>
    public TimeSpan BanFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock bans are measured on.</summary>
    /// <value>The system's clock by default.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks the options; the message names the option and the cause.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (BanAfter < 0)
        {
            throw new ArgumentException($"{nameof(BanAfter)} must be 0 or more, not {BanAfter}.", nameof(BanAfter));
        }

        if (BanFor <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(BanFor)} must be longer than zero.", nameof(BanFor));
        }

        if (string.IsNullOrWhiteSpace(Realm) || Realm.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{nameof(Realm)} must be a name without quotes.", nameof(Realm));
        }
    }
}
