using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bookline.Library.Catalog;
using Spectre.Console;

namespace Bookline.Cli.Commands;

/// <summary><c>bookline list</c>: the catalog's books with their metadata and formats.</summary>
internal static class ListCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var catalog = CatalogOption.Create();
        var shelf = new Option<string?>("--shelf") { Description = "Only books on this shelf." };
        var author = new Option<string?>("--author") { Description = "Only books one of whose authors contains this text." };
        var series = new Option<string?>("--series") { Description = "Only books whose series contains this text." };
        var format = new Option<string?>("--format") { Description = "Only books that have a file of this format: epub, html, pdf, txt or image." };
        var sort = new Option<BookOrder>("--sort") { Description = "The order: title, author, added or series.", DefaultValueFactory = _ => BookOrder.Title };
        var json = new Option<bool>("--json") { Description = "Print the books, with all their metadata and files, as JSON." };
        var command = new Command("list", "List the catalog's books with their authors, series and formats.") { catalog, shelf, author, series, format, sort, json };
        command.SetAction(async (parse, stop) =>
        {
            using ICatalog store = await CatalogOption.OpenExistingAsync(parse.GetValue(catalog)!, stop);
            IReadOnlyList<CatalogBook> books = BookList.Select(
                await store.BooksAsync(stop),
                new BookListFilter(parse.GetValue(shelf), parse.GetValue(author), parse.GetValue(series), parse.GetValue(format)),
                parse.GetValue(sort));
            if (parse.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(books, JsonOutput.Options));
                return ExitCodes.Success;
            }

            if (books.Count == 0)
            {
                console.MarkupLine("No book matches.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "title", "authors", "series", "formats", "shelf");
            foreach (CatalogBook book in books)
            {
                table.AddRow(
                    new Text(book.Id.ToString(CultureInfo.InvariantCulture)),
                    new Text(TerminalText.Clean(book.Title)),
                    new Text(TerminalText.Clean(string.Join(" & ", BookList.AuthorsOf(book)))),
                    new Text(TerminalText.Clean(BookRecord.SeriesOf(book.Metadata) ?? string.Empty)),
                    new Text(string.Join(", ", book.AllFiles.Select(f => f.Format).Distinct(StringComparer.Ordinal))),
                    new Text(TerminalText.Clean(book.Shelf)));
            }

            console.Write(table);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{books.Count} books, {books.Sum(b => b.AllFiles.Count)} files."));
            return ExitCodes.Success;
        });
        return command;
    }
}
