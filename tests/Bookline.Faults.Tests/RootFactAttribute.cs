namespace Bookline.Faults.Tests;

/// <summary>A test that mounts a file system of its own: it needs root, which scripts/test.sh has on a CI machine; skipped otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = Environment.UserName == "root" ? null : "Mounting a small tmpfs needs root.";
}
