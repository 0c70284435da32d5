using System.CommandLine;

namespace Bookline.Cli.Commands;

/// <summary>An option that counts something (workers, results): a whole number of at least 1.</summary>
internal static class CountOption
{
    public static Option<int> Create(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }
}
