using Bookline.Library.Catalog;
using Bookline.Library.Watching;

namespace Bookline.Library.Tests.Watching;

/// <summary>A watched library on real temp folders: each kind of change reaches the catalog, once, and only once it has settled.</summary>
public sealed class LibraryWatcherTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task AFileChangedManyTimesInARowIsReadOnceWithItsLastText()
    {
        await using var watched = new WatchedLibrary();
        watched.Write("sea/moby.txt", "Title: Moby Dick\n\nCall me Ishmael.\n");
        Assert.Equal(1, (await watched.StartAsync(Debounce)).Report.Cataloged);

        for (int i = 0; i < 50; i++)
        {
            watched.Write("sea/tide.txt", $"Title: Tide Tables\n\nHigh water at dawn, edition {i}, revised.\n");
        }

        WatchPass pass = await watched.NextPassAsync(p => p.Report.Cataloged > 0);
        Assert.Equal((WatchReason.Changes, 1), (pass.Reason, pass.Report.Cataloged));
        Assert.Equal(["sea"], pass.Folders);
        Assert.True(pass.Lag >= Debounce, $"read {pass.Lag} after the first change, before the folder had been quiet for {Debounce}");
        Assert.DoesNotContain(await watched.PassesWithinAsync(Debounce * 3), p => p.Report.Cataloged > 0);
        SearchResults found = await watched.Catalog.SearchAsync(new SearchRequest("\"edition 49\"") { Exact = true });
        Assert.Equal("Tide Tables", Assert.Single(found.Hits).Title);
    }

    [Fact]
    public async Task ADeletedFileIsRemovedAndAMovedOneKeepsItsBookUnderItsNewPath()
    {
        await using var watched = new WatchedLibrary();
        watched.Write("sea/moby.txt", "Title: Moby Dick\n\nCall me Ishmael.\n").Write("sea/tide.txt", "Title: Tide Tables\n\nHigh water at dawn.\n");
        await watched.StartAsync(Debounce);

        File.Delete(Path.Combine(watched.Library, "sea", "tide.txt"));
        Assert.Equal(1, (await watched.NextPassAsync(p => p.Report.Removed > 0)).Report.Removed);
        Assert.Equal(["sea/moby.txt"], (await watched.Catalog.BooksAsync()).Select(b => b.Path));

        long id = Assert.Single(await watched.Catalog.BooksAsync()).Id;
        Directory.CreateDirectory(Path.Combine(watched.Library, "classics"));
        File.Move(Path.Combine(watched.Library, "sea", "moby.txt"), Path.Combine(watched.Library, "classics", "moby-dick.txt"));
        await watched.NextPassAsync(p => p.Report.Cataloged > 0 || p.Report.Removed > 0);
        await watched.PassesWithinAsync(Debounce * 2);
        CatalogBook moved = Assert.Single(await watched.Catalog.BooksAsync());
        Assert.Equal(("classics/moby-dick.txt", "classics", "Moby Dick", id), (moved.Path, moved.Shelf, moved.Title, moved.Id));
    }

    [Fact]
    public async Task AFileWrittenSlowlyIsNeverReadHalfWay()
    {
        // A writer that pauses longer than the debounce is taken as done (that is what the debounce means): the pauses here
        // are a quarter of it, so that a loaded machine stretching one still leaves a margin.
        TimeSpan debounce = TimeSpan.FromSeconds(1);
        await using var watched = new WatchedLibrary();
        await watched.StartAsync(debounce);

        // Twelve parts, 250 ms apart (three seconds): the folder is never quiet for the debounce until the last is written.
        string path = Path.Combine(watched.Library, "slow", "long-voyage.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var writer = new StreamWriter(path))
        {
            await writer.WriteAsync("Title: The Long Voyage\n\n");
            for (int part = 1; part <= 12; part++)
            {
                await writer.WriteAsync($"Part {part} of the voyage, word{part} and more words. ");
                await writer.FlushAsync();
                await Task.Delay(250); // the writer's own pace, not a wait for the code under test
            }
        }

        WatchPass pass = await watched.NextPassAsync(p => p.Report.Cataloged > 0);
        Assert.Equal(1, pass.Report.Cataloged);
        Assert.Single((await watched.Catalog.SearchAsync(new SearchRequest("word12") { Exact = true })).Hits);
        Assert.DoesNotContain(await watched.PassesWithinAsync(debounce * 2), p => p.Report.Cataloged > 0);
    }

    [Fact]
    public async Task AFileStillBeingWrittenWhenAPassRunsIsLeftForTheNextOne()
    {
        await using var watched = new WatchedLibrary();
        await watched.StartAsync(TimeSpan.FromSeconds(2), poll: TimeSpan.FromMilliseconds(200));

        // Polling does not wait for quiet: the settle time alone keeps the file from being read while it is written. A
        // writer that stops for longer than the settle time (1.8 s here) looks finished; on a loaded machine a 200 ms pause
        // once stretched past the 0.9 s a 1 s debounce gives.
        string path = Path.Combine(watched.Library, "slow", "growing.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var writer = new StreamWriter(path))
        {
            await writer.WriteAsync("Title: Growing\n\n");
            for (int part = 1; part <= 6; part++)
            {
                await writer.WriteAsync($"Chapter {part}, chapterword{part}. ");
                await writer.FlushAsync();
                await Task.Delay(200);
            }
        }

        WatchPass pass = await watched.NextPassAsync(p => p.Report.Cataloged > 0);
        Assert.Contains(watched.Passes, p => p.Report.Unsettled > 0);
        Assert.Equal(WatchReason.Poll, pass.Reason);
        Assert.Single((await watched.Catalog.SearchAsync(new SearchRequest("chapterword6") { Exact = true })).Hits);
        Assert.Equal(1, watched.Passes.Sum(p => p.Report.Cataloged));
    }

    [Fact]
    public async Task ABurstOfFilesIsCatalogedOnceEachInAFewPasses()
    {
        await using var watched = new WatchedLibrary();
        await watched.StartAsync(Debounce);

        for (int i = 0; i < 2000; i++)
        {
            watched.Write($"burst/shelf{i % 10}/book{i:D4}.txt", $"Title: Book {i:D4}\n\nThe {i}th book of the burst, about ships and harbours.\n");
        }

        int cataloged = 0;
        while (cataloged < 2000)
        {
            cataloged += (await watched.NextPassAsync(p => p.Report.Cataloged > 0, TimeSpan.FromSeconds(120))).Report.Cataloged;
        }

        // Each book read once (a pass that came mid-burst left the unsettled ones for the next), in a few passes, not one per file.
        Assert.Equal(2000, (await watched.Catalog.BooksAsync()).Count);
        Assert.Equal(2000, cataloged);
        Assert.True(watched.Passes.Count(p => p.Report.Cataloged > 0) <= 10, string.Join(", ", watched.Passes.Select(p => p.Report.Cataloged)));
    }

    [Fact]
    public async Task ACalibreFoldersNewMetadataUpdatesItsBook()
    {
        await using var watched = new WatchedLibrary();
        watched.Write("Ada Keeper/Harbour Lights (1)/Harbour Lights - Ada Keeper.txt", "The lights of the harbour.\n")
            .Write("Ada Keeper/Harbour Lights (1)/metadata.opf", Opf("Harbour Lights"));
        await watched.StartAsync(Debounce);
        Assert.Equal("Harbour Lights", Assert.Single(await watched.Catalog.BooksAsync()).Title);

        await Task.Delay(1100); // a time of its own: file times have a granularity, and the book was written this second
        watched.Write("Ada Keeper/Harbour Lights (1)/metadata.opf", Opf("The Harbour Lights, Revised"));

        await watched.NextPassAsync(p => p.Report.Cataloged > 0);
        Assert.Equal("The Harbour Lights, Revised", Assert.Single(await watched.Catalog.BooksAsync()).Title);
    }

    [Fact]
    public async Task AChangeNoEventReportedIsFoundByThePassThatLostEventsStart()
    {
        await using var watched = new WatchedLibrary();
        watched.Write("sea/tide.txt", "Title: Tide Tables\n\nHigh water at dawn.\n");
        await watched.StartAsync(Debounce);

        // Written through a hard link outside the library: inotify reports it on that folder, not on the library's.
        string outside = Path.Combine(Path.GetDirectoryName(watched.Library)!, "outside-link.txt");
        Assert.Equal(0, System.Diagnostics.Process.Start("ln", [Path.Combine(watched.Library, "sea", "tide.txt"), outside])!.WaitForExitAndGet());
        await Task.Delay(Debounce); // the copy below must not look like a file still being written
        File.WriteAllText(outside, "Title: Tide Tables\n\nHigh water at dawn, and the spring tides of March.\n");
        File.SetLastWriteTimeUtc(outside, DateTime.UtcNow.AddSeconds(-5));
        Assert.DoesNotContain(await watched.PassesWithinAsync(Debounce * 3), p => p.Report.Cataloged > 0);

        watched.Watcher.LoseEvents(); // the watcher's buffer overflowed
        WatchPass pass = await watched.NextPassAsync(p => p.Reason == WatchReason.Overflow);
        Assert.Equal(1, pass.Report.Cataloged);
        Assert.Single((await watched.Catalog.SearchAsync(new SearchRequest("spring tides") { Exact = true })).Hits);
    }

    [Fact]
    public async Task ARestartCatchesUpWithWhatChangedWhileNothingWatched()
    {
        await using var watched = new WatchedLibrary();
        watched.Write("sea/moby.txt", "Title: Moby Dick\n\nCall me Ishmael.\n");
        await watched.StartAsync(Debounce);
        await watched.StopAsync();

        watched.Write("sea/tide.txt", "Title: Tide Tables\n\nHigh water at dawn.\n");
        File.Delete(Path.Combine(watched.Library, "sea", "moby.txt"));

        WatchPass start = await watched.RestartAsync(Debounce);
        Assert.Equal((1, 1), (start.Report.Cataloged, start.Report.Removed));
        Assert.Equal(["sea/tide.txt"], (await watched.Catalog.BooksAsync()).Select(b => b.Path));
    }

    private static string Opf(string title) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
            <dc:title>{title}</dc:title>
            <dc:creator opf:role="aut">Ada Keeper</dc:creator>
            <dc:language>en</dc:language>
          </metadata>
        </package>
        """;
}
