using Bookline.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // extension methods for IServiceCollection live in its namespace, by convention
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Bookline pipelines and library watchers with a host.</summary>
public static class BooklineServiceCollectionExtensions
{
    /// <summary>
    /// Runs the pipeline that <typeparamref name="TDefinition"/> describes as a hosted service:
    /// it starts with the host, stops gracefully with it, and (by default) stops the application
    /// when it is done. The options are validated when the host starts.
    /// </summary>
    /// <typeparam name="TSource">The type of the items the producers put in.</typeparam>
    /// <typeparam name="TDefinition">The pipeline's definition, resolved as a singleton.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; null for the defaults.</param>
    /// <returns>The options builder, to bind configuration or add validation.</returns>
    public static OptionsBuilder<PipelineHostOptions> AddBooklinePipeline<TSource, TDefinition>(this IServiceCollection services, Action<PipelineHostOptions>? configure = null)
        where TDefinition : class, IPipelineDefinition<TSource>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TDefinition>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineHostOptions>, PipelineHostOptionsValidator>());
        services.AddSingleton<PipelineHostedService<TSource, TDefinition>>();
        services.AddHostedService(provider => provider.GetRequiredService<PipelineHostedService<TSource, TDefinition>>());
        OptionsBuilder<PipelineHostOptions> options = services.AddOptions<PipelineHostOptions>(typeof(TDefinition).Name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return options;
    }

    /// <summary>
    /// Keeps a catalog current with its library as a hosted service (<see cref="LibraryWatchHostedService"/>), and adds a health check
    /// named "bookline-watch" (watching, the catalog written by the last pass, the lag of the oldest change waiting). Its metrics are
    /// published on the meter <see cref="Bookline.Library.Watching.WatchTelemetry.MeterName"/>. The options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the library, how to open the catalog and the watcher's options.</param>
    /// <returns>The options builder, to bind configuration or add validation.</returns>
    public static OptionsBuilder<WatchHostOptions> AddBooklineWatch(this IServiceCollection services, Action<WatchHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchHostOptions>, WatchHostOptionsValidator>());
        services.AddSingleton<LibraryWatchHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<LibraryWatchHostedService>());
        services.AddHealthChecks().AddCheck<WatchHealthCheck>("bookline-watch", tags: ["bookline", "watch"]);
        return services.AddOptions<WatchHostOptions>().Configure(configure).ValidateOnStart();
    }
}
