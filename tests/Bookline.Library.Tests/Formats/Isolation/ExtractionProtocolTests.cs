using Bookline.Library.Formats;
using Bookline.Library.Formats.Isolation;

namespace Bookline.Library.Tests.Formats.Isolation;

public sealed class ExtractionProtocolTests
{
    [Fact]
    public void ABookCrossesThePipeWithEveryPartOfItsMetadata()
    {
        var book = new ExtractedBook(BookFormat.Pdf, "Emma", "Jane Austen", "en", 412, "Emma Woodhouse, handsome, clever, and rich …", null, ["blank pages: 2"])
        {
            Cover = "images/cover.jpg",
            Metadata = new BookMetadata
            {
                Title = "Emma",
                Authors = ["Jane Austen", "A. N. Editor"],
                AuthorSort = "Austen, Jane",
                Series = "Novels",
                SeriesIndex = 4.5,
                Identifiers = [new BookIdentifier("isbn", "9780141439587"), new BookIdentifier("amazon", "B000")],
                Publisher = "Penguin",
                Published = "1815-12",
                Languages = ["en", "fr"],
                Tags = ["Fiction", "Classics"],
                Description = "A novel about youthful hubris.",
                Rating = 4,
            },
        };
        var pipe = new MemoryStream();
        (BinaryReader reader, BinaryWriter writer) = ExtractionProtocol.Over(pipe, pipe);
        ExtractionProtocol.WriteBook(writer, book);
        pipe.Position = 0;

        ExtractionProtocol.Answer answer = ExtractionProtocol.ReadAnswer(reader, memoryLimit: 1 << 30);

        Assert.Null(answer.Failure);
        ExtractedBook read = answer.Book!;
        Assert.Equal((book.Format, book.Title, book.Author, book.Language, book.Pages, book.Text, book.Encoding, book.Cover), (read.Format, read.Title, read.Author, read.Language, read.Pages, read.Text, read.Encoding, read.Cover));
        Assert.Equal(book.Warnings, read.Warnings);
        Assert.Equal(book.Metadata with { Authors = [], Identifiers = [], Languages = [], Tags = [] }, read.Metadata with { Authors = [], Identifiers = [], Languages = [], Tags = [] });
        Assert.Equal(book.Metadata.Authors, read.Metadata.Authors);
        Assert.Equal(book.Metadata.Identifiers, read.Metadata.Identifiers);
        Assert.Equal(book.Metadata.Languages, read.Metadata.Languages);
        Assert.Equal(book.Metadata.Tags, read.Metadata.Tags);
        Assert.Equal(pipe.Length, pipe.Position);
    }

    [Fact]
    public void ARequestCarriesTheReadLimits()
    {
        var pipe = new MemoryStream();
        (BinaryReader reader, BinaryWriter writer) = ExtractionProtocol.Over(pipe, pipe);
        var limits = new ReadLimits { MaxTextCharacters = 1234, MaxPdfBytes = 5678 };
        ExtractionProtocol.WriteRequest(writer, new ExtractionProtocol.Request("/books/a b.pdf", BookFormat.Pdf, limits));
        pipe.Position = 0;

        ExtractionProtocol.Request request = ExtractionProtocol.ReadRequest(reader)!.Value;

        Assert.Equal(("/books/a b.pdf", BookFormat.Pdf, 1234, 5678L), (request.Path, request.Format, request.Limits.MaxTextCharacters, request.Limits.MaxPdfBytes));
        Assert.Null(ExtractionProtocol.ReadRequest(reader)); // the end of the input is the end of the work
    }

    [Fact]
    public void ARequestOfAnotherVersionIsRefused()
    {
        var pipe = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);
        (BinaryReader reader, _) = ExtractionProtocol.Over(pipe, pipe);
        Assert.Throws<InvalidDataException>(() => ExtractionProtocol.ReadRequest(reader));
    }

    [Fact]
    public void TheServerAnswersEachRequestInTurnAndEndsWithItsInput()
    {
        using var folder = new TempFolder();
        string pdf = folder.File("tide.pdf", Samples.SampleBooks.Pdf("Tide Tables", "Ida Marsh", "High water at dawn."));
        string notThere = Path.Combine(folder.Path, "gone.pdf");
        string torn = folder.File("torn.pdf", Samples.SampleBooks.Pdf("T", null, "x")[..40]);
        var requests = new MemoryStream();
        (_, BinaryWriter writer) = ExtractionProtocol.Over(requests, requests);
        foreach (string path in new[] { pdf, notThere, torn })
        {
            ExtractionProtocol.WriteRequest(writer, new ExtractionProtocol.Request(path, BookFormat.Pdf, ReadLimits.Default));
        }

        requests.Position = 0;
        var answers = new MemoryStream();

        int exit = ExtractionServer.Run(requests, answers);

        Assert.Equal(0, exit);
        answers.Position = 0;
        (BinaryReader reader, _) = ExtractionProtocol.Over(answers, answers);
        ExtractedBook book = ExtractionProtocol.ReadAnswer(reader, 1 << 30).Book!;
        Assert.Equal(("Tide Tables", "Ida Marsh", 1), (book.Title, book.Author, book.Pages));
        Assert.Contains("High water at dawn.", book.Text, StringComparison.Ordinal);
        Assert.Equal("the file disappeared before it was read", ExtractionProtocol.ReadAnswer(reader, 1 << 30).Failure!.Message);
        Assert.StartsWith("not a readable PDF", ExtractionProtocol.ReadAnswer(reader, 1 << 30).Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(answers.Length, answers.Position);
    }
}
