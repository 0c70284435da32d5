using Microsoft.Extensions.Options;

namespace Bookline.Hosting;

/// <summary>Says which value of <see cref="PipelineHostOptions"/> is wrong and why, when the host starts.</summary>
internal sealed class PipelineHostOptionsValidator : IValidateOptions<PipelineHostOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineHostOptions options)
    {
        var errors = new List<string>();
        if (options.DrainTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Pipeline '{name}': DrainTimeout must be positive (it is {options.DrainTimeout}).");
        }

        if (options.Name is { } pipelineName && string.IsNullOrWhiteSpace(pipelineName))
        {
            errors.Add($"Pipeline '{name}': Name must not be blank; leave it unset for the definition's type name.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
