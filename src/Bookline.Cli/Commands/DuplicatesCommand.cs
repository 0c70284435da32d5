using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline duplicates</c>: the same file in several places, and the same book cataloged apart.</summary>
internal static class DuplicatesCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the duplicates as JSON." };
        var command = new Command(
            "duplicates",
            "List files with the same content in several places, and books with the same title and authors that were not grouped into one.") { catalog, json };
        command.SetAction(async (parse, stop) =>
        {
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            CatalogDuplicates duplicates = BookList.Duplicates(await store.BooksAsync(stop));
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
                {
                    files = duplicates.Files,
                    books = duplicates.Books.Select(d => new { d.Title, d.Authors, books = d.Books.Select(b => new { b.Id, b.Path, b.Shelf, formats = b.AllFiles.Select(f => f.Format) }) }),
                }, JsonOutput.Options));
                return ExitCodes.Success;
            }

            if (duplicates.Files.Count == 0 && duplicates.Books.Count == 0)
            {
                console.MarkupLine("No duplicates: every file's content is in one place, and every title and authors in one book.");
                return ExitCodes.Success;
            }

            if (duplicates.Files.Count > 0)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{duplicates.Files.Count}[/] files are in the library more than once (same SHA-256):"));
                var table = new Table().Border(TableBorder.Rounded).AddColumns("sha-256", "bytes", "copies");
                foreach (DuplicateFiles files in duplicates.Files)
                {
                    table.AddRow(new Text(files.Sha256[..12]), new Text(files.Bytes.ToString("N0", CultureInfo.InvariantCulture)), new Text(TerminalText.Clean(string.Join('\n', files.Paths))));
                }

                console.Write(table);
            }

            if (duplicates.Books.Count > 0)
            {
                console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]{duplicates.Books.Count}[/] books are cataloged more than once (same title and authors):"));
                var table = new Table().Border(TableBorder.Rounded).AddColumns("title", "authors", "books");
                foreach (DuplicateBooks books in duplicates.Books)
                {
                    table.AddRow(
                        new Text(TerminalText.Clean(books.Title)),
                        new Text(TerminalText.Clean(string.Join(" & ", books.Authors))),
                        new Text(TerminalText.Clean(string.Join('\n', books.Books.Select(b => $"{b.Id}: {b.Path}")))));
                }

                console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
