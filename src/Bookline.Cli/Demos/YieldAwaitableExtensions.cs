using System.Runtime.CompilerServices;

namespace Bookline.Cli.Demos;

internal static class YieldAwaitableExtensions
{
    /// <summary>A task that completes after yielding once, so that very fast demos still interleave.</summary>
    public static async Task AsTask(this YieldAwaitable yielding) => await yielding;
}
