using System.Text;

namespace Bookline.Library.Samples;

/// <summary>
/// Writes a small library with a shelf per kind of book — text in three encodings, HTML, EPUB,
/// PDF — and a shelf of files that are skipped (and, on request, fail), each for a reason a
/// librarian should see.
/// </summary>
public static class SampleLibrary
{
    /// <summary>Creates the sample library (the folder may exist; its sample files are rewritten).</summary>
    /// <param name="folder">Where to write it.</param>
    /// <param name="includeBroken">Also write a torn PDF and an empty text file, which fail with a reason.</param>
    /// <returns>The number of files written.</returns>
    public static int Write(string folder, bool includeBroken = false)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        int files = 0;
        void Put(string relative, byte[] content)
        {
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            files++;
        }

        Put("fiction/the-lighthouse-keeper.txt", new UTF8Encoding(false).GetBytes(Story(
            "The Lighthouse Keeper", "Mara Quill",
            "Every night the keeper climbed one hundred and twelve steps to light the lamp above the harbour.",
            "Ships that had never seen her face trusted her more than any map, and the whales came close to listen to the foghorn.",
            "When the storm took the north wall, she kept the light burning with oil from the last barrel in the cellar.")));
        Put("fiction/cafe-au-lait.txt", Encoding.GetEncoding(1252).GetBytes(Story(
            "Café au lait", "Renée Dubois",
            "The café on the corner served crème brûlée to the same three regulars every afternoon.",
            "Nobody knew that the owner had once sailed with a whaling crew, or that her recipes came from the ship's cook.",
            "On the day the café closed, the regulars left a note: « merci pour tout ».")));
        Put("fiction/winter-garden.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Story(
            "The Winter Garden", "Tomas Lind",
            "Under the glass roof the orange trees flowered while snow lay a metre deep outside.",
            "The gardener counted the bees every morning and wrote the number in a green notebook.",
            "In the spring the notebook went to the library, where it still stands on the third shelf."))]);

        Put("poetry/songs-of-the-shore.epub", SampleBooks.Epub("Songs of the Shore", "Ida Marsh", "en",
        [
            "The tide writes its letters on the sand and the gulls read them aloud.",
            "A lantern swings on the jetty; the fishing boats come home one by one.",
            "Even the whales, far out, keep time with the lighthouse.",
        ]));
        Put("poetry/evening-hymn.html", Encoding.UTF8.GetBytes("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Evening Hymn</title><meta name="author" content="Ida Marsh"></head>
            <body><h1>Evening Hymn</h1><p>The garden closes its gates of light,</p><p>the moths begin their quiet flight.</p></body></html>
            """));

        Put("manuals/lamp-maintenance.pdf", SampleBooks.Pdf("Lamp Maintenance Manual", "Harbour Authority",
            "Chapter 1. Daily checks\nClean the lens with a dry cloth before lighting the lamp.\nCheck the oil level and trim the wick to an even height.",
            "Chapter 2. Storms\nIn a storm, close the shutters on the windward side first.\nNever leave the lamp unattended while the foghorn sounds.",
            "Chapter 3. Records\nWrite the hours of light and the weather in the log book each night."));
        Put("manuals/harbour-guide/index.html", Encoding.UTF8.GetBytes("""
            <!DOCTYPE html>
            <html lang="en"><head><title>Harbour Guide</title></head>
            <body><h1>Harbour Guide</h1><p>Moorings are free for boats under ten metres.</p>
            <p>The lighthouse is open to visitors on Sundays.</p><p>See the <a href="tides.html">tide tables</a>.</p></body></html>
            """));
        Put("manuals/harbour-guide/tides.html", Encoding.UTF8.GetBytes("<html><body><p>High tide at six.</p></body></html>"));
        Put("manuals/harbour-guide/style.css", Encoding.UTF8.GetBytes("body { font-family: serif; }"));

        Put("broken/holiday-photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46]); // skipped: not a book format
        if (includeBroken)
        {
            byte[] pdf = SampleBooks.Pdf("Torn Page", null, "This document was cut short.");
            Put("broken/torn.pdf", pdf[..(pdf.Length / 3)]);
            Put("broken/empty.txt", []);
        }
        return files;
    }

    private static string Story(string title, string author, params string[] paragraphs) =>
        $"Title: {title}\nAuthor: {author}\n\n" + string.Join("\n\n", paragraphs) + "\n";
}
