using Microsoft.Extensions.Options;

namespace Bookline.Hosting;

/// <summary>Says which value of <see cref="WatchHostOptions"/> is wrong and why, when the host starts.</summary>
internal sealed class WatchHostOptionsValidator : IValidateOptions<WatchHostOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchHostOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Library))
        {
            errors.Add("Library must name the library folder to watch.");
        }
        else if (!Directory.Exists(options.Library))
        {
            errors.Add($"Library '{options.Library}' does not exist or is not a folder.");
        }

        if (options.OpenCatalog is null)
        {
            errors.Add("OpenCatalog must open the catalog to keep current.");
        }

        if (options.MaxLag <= TimeSpan.Zero)
        {
            errors.Add($"MaxLag must be positive (it is {options.MaxLag}).");
        }

        if (options.Watch is null)
        {
            errors.Add("Watch must not be null.");
        }
        else if (options.Watch.Debounce < TimeSpan.Zero || options.Watch.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Watch.Debounce must be zero or more (it is {options.Watch.Debounce}) and Watch.PollInterval positive or null (it is {options.Watch.PollInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
