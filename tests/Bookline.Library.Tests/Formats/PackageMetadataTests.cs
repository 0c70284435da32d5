using System.Text;
using Bookline.Library.Formats;
using Bookline.Tests.Shared;

namespace Bookline.Library.Tests.Formats;

public sealed class PackageMetadataTests
{
    [Fact]
    public void CalibresMetadataOpfGivesEveryAuthorInOrderSeriesIdentifiersAndTheRest()
    {
        CalibreLibrary.Book omens = CalibreLibrary.Books[0] with { Series = "Omens", SeriesIndex = 2.5 };
        var (metadata, cover) = Read(CalibreLibrary.Opf(omens));

        Assert.Equal("Good Omens", metadata.Title);
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], metadata.Authors);
        Assert.Equal("Pratchett, Terry & Gaiman, Neil", metadata.AuthorSort);
        Assert.Equal(("Omens", 2.5), (metadata.Series, metadata.SeriesIndex));
        // calibre's own id and uuid name no book outside its library; the ISBN loses its hyphens.
        Assert.Equal([new BookIdentifier("isbn", "9780575048006")], metadata.Identifiers);
        Assert.Equal("9780575048006", metadata.Isbn);
        Assert.Equal("Gollancz", metadata.Publisher);
        Assert.Equal("1990-05-01", metadata.Published);
        Assert.Equal(["eng"], metadata.Languages);
        Assert.Equal(["Fantasy", "Humour"], metadata.Tags);
        Assert.Equal(4, metadata.Rating);
        Assert.Equal(omens.Text, metadata.Description); // calibre's escaped HTML, as plain text
        Assert.Equal("cover.jpg", cover);
    }

    [Fact]
    public void CalibresUndefinedDateAndMissingPartsAreNone()
    {
        var (metadata, _) = Read(CalibreLibrary.Opf(CalibreLibrary.Books[2]));

        Assert.Null(metadata.Published); // 0101-01-01 is calibre's "no date"
        Assert.Null(metadata.Series);
        Assert.Null(metadata.Rating);
        Assert.Null(metadata.Publisher);
        Assert.Empty(metadata.Identifiers);
        Assert.Empty(metadata.Tags);
    }

    [Fact]
    public void Epub3RefinementsGiveRolesSortNamesSeriesAndIdentifierTypes()
    {
        const string opf = """
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:identifier id="pub-id">urn:uuid:0f6e2b5c-0000-4000-8000-000000000001</dc:identifier>
                <dc:identifier id="isbn">9781234567897</dc:identifier>
                <meta refines="#isbn" property="identifier-type" scheme="onix:codelist5">15</meta>
                <dc:identifier>urn:doi:10.1000/182</dc:identifier>
                <dc:title id="t2">A Subtitle</dc:title>
                <dc:title id="t1">The Main Title</dc:title>
                <meta refines="#t1" property="title-type">main</meta>
                <dc:creator id="c1">Ann Editor</dc:creator>
                <meta refines="#c1" property="role" scheme="marc:relators">edt</meta>
                <dc:creator id="c2">Mary Shelley</dc:creator>
                <meta refines="#c2" property="role" scheme="marc:relators">aut</meta>
                <meta refines="#c2" property="file-as">Shelley, Mary</meta>
                <dc:creator id="c3">Percy Shelley</dc:creator>
                <meta refines="#c3" property="file-as">Shelley, Percy</meta>
                <meta property="belongs-to-collection" id="s1">Gothic Tales</meta>
                <meta refines="#s1" property="collection-type">series</meta>
                <meta refines="#s1" property="group-position">3</meta>
                <dc:language>en</dc:language>
                <dc:language>und</dc:language>
                <dc:date>1818</dc:date>
              </metadata>
              <manifest>
                <item id="img" href="images/front.png" media-type="image/png" properties="cover-image"/>
              </manifest>
            </package>
            """;
        var (metadata, cover) = Read(opf);

        Assert.Equal("The Main Title", metadata.Title);
        Assert.Equal(["Mary Shelley", "Percy Shelley"], metadata.Authors); // the editor is no author
        Assert.Equal("Shelley, Mary & Shelley, Percy", metadata.AuthorSort);
        Assert.Equal(("Gothic Tales", 3.0), (metadata.Series, metadata.SeriesIndex));
        Assert.Equal([new BookIdentifier("isbn", "9781234567897"), new BookIdentifier("doi", "10.1000/182")], metadata.Identifiers);
        Assert.Equal(["en"], metadata.Languages);
        Assert.Equal("1818", metadata.Published);
        Assert.Equal("images/front.png", cover);
    }

    [Fact]
    public void AnOpfWithAnEntityBombFailsWithoutExpandingIt()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&c;</dc:title></metadata></package>
            """;
        // The DTD is ignored, so its entities are undeclared: a malformed document, not a billion characters.
        var error = Assert.Throws<BookReadException>(() => Read(bomb));
        Assert.Contains("malformed XML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentWithoutMetadataFailsWithAReason()
    {
        var error = Assert.Throws<BookReadException>(() => Read("<package xmlns=\"http://www.idpf.org/2007/opf\"/>"));
        Assert.Contains("no metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSidecarWinsPartByPartOverTheFilesOwnMetadata()
    {
        var file = new BookMetadata { Title = "GOOD OMENS", Authors = ["T. Pratchett"], Publisher = "Corgi", Languages = ["en"] };
        var sidecar = new BookMetadata { Title = "Good Omens", Authors = ["Terry Pratchett", "Neil Gaiman"], Series = "Omens" };

        BookMetadata merged = sidecar.Over(file);

        Assert.Equal("Good Omens", merged.Title);
        Assert.Equal(["Terry Pratchett", "Neil Gaiman"], merged.Authors);
        Assert.Equal("Corgi", merged.Publisher);
        Assert.Equal(["en"], merged.Languages);
        Assert.Equal("Omens", merged.Series);
    }

    private static (BookMetadata Metadata, string? CoverHref) Read(string xml) =>
        PackageMetadata.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
}
