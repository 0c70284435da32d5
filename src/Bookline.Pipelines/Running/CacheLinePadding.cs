using System.Runtime.InteropServices;

namespace Bookline.Pipelines.Running;

/// <summary>Room that keeps fields written by different threads off one cache line (two lines, for adjacent-line prefetch).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct CacheLinePadding
{
}
