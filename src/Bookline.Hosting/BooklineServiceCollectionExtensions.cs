using Bookline.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // extension methods for IServiceCollection live in its namespace, by convention
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Bookline pipelines with a host.</summary>
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
}
