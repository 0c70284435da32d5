using System.Collections.Concurrent;
using Bookline.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bookline.Hosting.Tests;

public sealed class PipelineHostedServiceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task APipelineRunsWithTheHostAndStopsTheApplicationWhenDone()
    {
        var shelf = new Shelf();
        using IHost host = Build(services =>
        {
            services.AddSingleton(shelf);
            services.AddBooklinePipeline<int, CountingPipeline>(o => o.Name = "count");
        });

        var service = host.Services.GetRequiredService<PipelineHostedService<int, CountingPipeline>>();

        await host.RunAsync().WaitAsync(Bound); // returns because the pipeline stopped the application

        PipelineReport report = await service.Report;
        Assert.Equal(PipelineOutcome.Completed, report.Outcome);
        Assert.Equal("count", report.Name);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"book {i}").Order(StringComparer.Ordinal), shelf.Books.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StoppingTheHostStopsThePipelineGracefullyAndNothingAcceptedIsLost()
    {
        var shelf = new Shelf();
        using IHost host = Build(services =>
        {
            services.AddSingleton(shelf);
            services.AddBooklinePipeline<int, EndlessPipeline>();
        });
        await host.StartAsync();
        await shelf.FirstBook.Task.WaitAsync(Bound);

        await host.StopAsync().WaitAsync(Bound);

        PipelineReport report = await host.Services.GetRequiredService<PipelineHostedService<int, EndlessPipeline>>().Report.WaitAsync(Bound);
        Assert.Equal(PipelineOutcome.Stopped, report.Outcome);
        Assert.Equal(report.Accepted, shelf.Books.Count);
        Assert.All(report.Stages, s => Assert.Equal(0, s.Unprocessed));
    }

    [Fact]
    public async Task ABadOptionFailsTheHostAtStartNamingTheOptionAndTheValue()
    {
        using IHost host = Build(services =>
        {
            services.AddSingleton(new Shelf());
            services.AddBooklinePipeline<int, CountingPipeline>(o => o.DrainTimeout = TimeSpan.FromSeconds(-1));
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Pipeline 'CountingPipeline': DrainTimeout must be positive (it is -00:00:01).", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Action<IServiceCollection> configure)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>Where the sinks put books; a singleton service the definitions take.</summary>
    public sealed class Shelf
    {
        public ConcurrentBag<string> Books { get; } = [];

        public TaskCompletionSource FirstBook { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask AddAsync(string book)
        {
            Books.Add(book);
            FirstBook.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    public sealed class CountingPipeline(Shelf shelf) : IPipelineDefinition<int>
    {
        public Pipeline<int> Build(PipelineOptions options) => Pipeline.Create<int>(options)
            .Transform("scan", (i, _) => ValueTask.FromResult($"book {i}"), new StageOptions { Workers = 2, Capacity = 8 })
            .Sink("catalog", (book, _) => shelf.AddAsync(book));

        public IEnumerable<Func<PipelineRun<int>, CancellationToken, Task>> Producers() =>
        [
            async (run, token) =>
            {
                for (int i = 0; i < 100; i++)
                {
                    await run.WriteAsync(i, token);
                }
            },
        ];
    }

    /// <summary>Its producer never ends by itself: only the host's stop ends the run.</summary>
    public sealed class EndlessPipeline(Shelf shelf) : IPipelineDefinition<int>
    {
        public Pipeline<int> Build(PipelineOptions options) => Pipeline.Create<int>(options)
            .Transform("scan", async (i, ct) => { await Task.Yield(); return $"book {i}"; }, new StageOptions { Workers = 2, Capacity = 4 })
            .Sink("catalog", (book, _) => shelf.AddAsync(book), new StageOptions { Capacity = 4 });

        public IEnumerable<Func<PipelineRun<int>, CancellationToken, Task>> Producers() =>
        [
            async (run, token) =>
            {
                for (int i = 0; ; i++)
                {
                    await run.WriteAsync(i, token);
                }
            },
        ];
    }
}
