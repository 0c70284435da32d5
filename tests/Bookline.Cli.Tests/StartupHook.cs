#pragma warning disable CA1050 // The runtime finds a startup hook by this exact name, in no namespace.

/// <summary>
/// A .NET startup hook (DOTNET_STARTUP_HOOKS): run in a bookline child process, it writes the names of the
/// assemblies the process loaded, when it exits, to the file BOOKLINE_TEST_ASSEMBLY_LIST names. It uses the
/// base library only, so loading it loads nothing of the tests' own.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("BOOKLINE_TEST_ASSEMBLY_LIST") is { Length: > 0 } list)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                File.WriteAllLines(list, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty));
        }
    }
}
