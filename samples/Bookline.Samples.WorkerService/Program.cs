using Bookline.Samples.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A worker service whose job is one Bookline pipeline: it reads every book of a library folder
// and logs its title and size, then ends. Ctrl+C stops it gracefully.
//   dotnet run --project samples/Bookline.Samples.WorkerService [-- --Library <folder>] [--Bookline:Pipeline:DrainTimeout 00:00:05]
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<ShelfReaderOptions>(builder.Configuration);
builder.Services.AddBooklinePipeline<string, ShelfReader>().BindConfiguration("Bookline:Pipeline");
await builder.Build().RunAsync();
