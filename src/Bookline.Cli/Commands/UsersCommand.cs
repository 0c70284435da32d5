using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Bookline.Web;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline users add|remove|list</c>: the accounts <c>serve</c> asks for, kept in the catalog as password hashes.</summary>
internal static class UsersCommand
{
    /// <summary>The fewest characters a password may have.</summary>
    public const int MinimumPasswordLength = 8;

    public static Command Create(IAnsiConsole console, TextReader input)
    {
        var command = new Command("users", "The accounts 'bookline serve' asks for once there is one: add, remove, list. Passwords are kept as salted hashes, never as themselves.")
        {
            Add(console, input),
            Remove(console),
            List(console),
        };
        return command;
    }

    private static Command Add(IAnsiConsole console, TextReader input)
    {
        var catalog = CatalogOption.Create();
        var name = new Argument<string>("name") { Description = "The account's name (what an app asks for at login); no colon." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input instead of asking for it." };
        var command = new Command("add", "Add an account, or set a new password for it; the catalog then asks every visitor of 'bookline serve' for one.") { name, catalog, passwordStdin };
        command.SetAction(async (parse, stop) =>
        {
            string account = parse.GetValue(name)!;
            if (account.Length == 0 || account.Length > 100 || account.Contains(':', StringComparison.Ordinal) || account.Any(char.IsControl))
            {
                throw new UserException($"'{account}' cannot be an account name: give 1 to 100 characters, without a colon or control characters.") { ExitCode = ExitCodes.Usage };
            }

            string password = parse.GetValue(passwordStdin) ? await input.ReadLineAsync(stop) ?? string.Empty : Ask(console);
            if (password.Length < MinimumPasswordLength)
            {
                throw new UserException($"The password for {account} is too short: give at least {MinimumPasswordLength} characters.") { ExitCode = ExitCodes.Usage };
            }

            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            bool existed = (await store.AccountsAsync(stop)).Any(a => a.Name == account);
            await store.SetAccountAsync(new CatalogAccount(account, BooklineAccess.HashPassword(account, password), DateTimeOffset.UtcNow), stop);
            console.MarkupLine(existed ? $"Set a new password for {TerminalText.Escape(account)}." : $"Added {TerminalText.Escape(account)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var name = new Argument<string>("name") { Description = "The account's name." };
        var command = new Command("remove", "Remove an account; with none left, 'bookline serve' asks no one again.") { name, catalog };
        command.SetAction(async (parse, stop) =>
        {
            string account = parse.GetValue(name)!;
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            if (!await store.RemoveAccountAsync(account, stop))
            {
                throw new UserException($"There is no account {account} in {store.Location}.") { ExitCode = ExitCodes.Usage };
            }

            console.MarkupLine($"Removed {TerminalText.Escape(account)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the accounts as JSON (names and when each was set; never the hashes)." };
        var command = new Command("list", "List the accounts by name.") { catalog, json };
        command.SetAction(async (parse, stop) =>
        {
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            IReadOnlyList<CatalogAccount> accounts = await store.AccountsAsync(stop);
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(accounts.Select(a => new { name = a.Name, set = a.CreatedUtc })));
                return ExitCodes.Success;
            }

            if (accounts.Count == 0)
            {
                console.MarkupLine("No accounts: 'bookline serve' asks no one (and serves beyond this machine only with --allow-anonymous).");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "set");
            foreach (CatalogAccount account in accounts)
            {
                table.AddRow(TerminalText.Escape(account.Name), account.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
            }

            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The password, asked twice without echo; on a console that cannot ask, the user is told to give --password-stdin.</summary>
    private static string Ask(IAnsiConsole console)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            throw new UserException("No terminal to ask for the password on: give it on standard input with --password-stdin.") { ExitCode = ExitCodes.Usage };
        }

        string password = console.Prompt(new TextPrompt<string>("Password:").Secret());
        string again = console.Prompt(new TextPrompt<string>("Again:").Secret());
        return password == again ? password : throw new UserException("The two passwords differ; nothing was changed.") { ExitCode = ExitCodes.Usage };
    }
}
