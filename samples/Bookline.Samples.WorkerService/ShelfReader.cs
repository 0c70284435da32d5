using Bookline.Hosting;
using Bookline.Library.Formats;
using Bookline.Library.Samples;
using Bookline.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bookline.Samples.WorkerService;

/// <summary>find → read (2 workers, 30 s per book) → report: every book of the library, logged.</summary>
public sealed partial class ShelfReader(IOptions<ShelfReaderOptions> settings, ILogger<ShelfReader> logger) : IPipelineDefinition<string>, IDisposable
{
    private readonly BookReader _reader = new();

    /// <summary>Ends what the reader holds (nothing, unless it was given extraction processes).</summary>
    public void Dispose() => _reader.Dispose();

    public Pipeline<string> Build(PipelineOptions options) => Pipeline.Create<string>(options)
        .Transform("read", (path, ct) => ValueTask.FromResult((Path: path, Book: _reader.Read(path, ct))), new StageOptions { Workers = 2, Capacity = 16, Timeout = TimeSpan.FromSeconds(30) })
        .Sink("report", (read, _) =>
        {
            string file = Path.GetFileName(read.Path);
            LogBook(logger, read.Book.Title, read.Book.Format, read.Book.Words, file);
            return ValueTask.CompletedTask;
        });

    public IEnumerable<Func<PipelineRun<string>, CancellationToken, Task>> Producers() =>
    [
        async (run, token) =>
        {
            string library = settings.Value.Library;
            if (!Directory.Exists(library))
            {
                SampleLibrary.Write(library);
            }

            foreach (string file in Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                await run.WriteAsync(file, token);
            }
        },
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Title} ({Format}, {Words} words) from {File}")]
    private static partial void LogBook(ILogger logger, string title, BookFormat format, int words, string file);
}
