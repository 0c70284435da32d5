using System.Runtime.InteropServices;

namespace Bookline.Library.Formats;

/// <summary>
/// The kind, identity and size of a directory entry, from Linux's statx(2), whose layout is the
/// same on every architecture. .NET's own file information cannot tell a named pipe or a device
/// from a file, and opening a pipe to find out blocks. Elsewhere than Linux, .NET's information is
/// used: files, folders and links only.
/// </summary>
/// <param name="Kind">What the entry is.</param>
/// <param name="Device">The device it lives on (with <paramref name="Inode"/>, its identity: a folder reached twice has the same).</param>
/// <param name="Inode">Its inode number.</param>
/// <param name="Size">Its size in bytes.</param>
internal readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int TooManyLinks = 40; // ELOOP
    private static bool s_statxMissing = !OperatingSystem.IsLinux();

    /// <summary>Looks at an entry; <paramref name="followLinks"/> looks through a link at what it points to.</summary>
    public static FileStatus Of(string path, bool followLinks)
    {
        if (!Volatile.Read(ref s_statxMissing))
        {
            try
            {
                var buffer = new StatxBuffer();
                if (statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
                {
                    return new FileStatus(Marshal.GetLastPInvokeError() == TooManyLinks ? FileKind.Loop : FileKind.Missing, 0, 0, 0);
                }

                FileKind kind = (buffer.Mode & 0xF000) switch
                {
                    0x8000 => FileKind.Regular,
                    0x4000 => FileKind.Directory,
                    0xA000 => FileKind.Link,
                    0x1000 => FileKind.Fifo,
                    0xC000 => FileKind.Socket,
                    0x2000 => FileKind.CharacterDevice,
                    0x6000 => FileKind.BlockDevice,
                    _ => FileKind.Missing,
                };
                return new FileStatus(kind, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, (long)buffer.Size);
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                Volatile.Write(ref s_statxMissing, true); // an old C library: .NET's view from now on
            }
        }

        return Portable(path, followLinks);
    }

    /// <summary>The canonical path (every link resolved), or null when it cannot be resolved.</summary>
    public static string? RealPath(string path)
    {
        if (!Volatile.Read(ref s_statxMissing))
        {
            try
            {
                IntPtr resolved = realpath(path, IntPtr.Zero);
                if (resolved == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    return Marshal.PtrToStringUTF8(resolved);
                }
                finally
                {
                    free(resolved);
                }
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                Volatile.Write(ref s_statxMissing, true);
            }
        }

        FileSystemInfo? target = Directory.Exists(path) ? new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true) : null;
        return Path.GetFullPath(target?.FullName ?? path);
    }

    private static FileStatus Portable(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileStatus(FileKind.Link, 0, 0, 0);
        }

        if (Directory.Exists(path))
        {
            return new FileStatus(FileKind.Directory, 0, 0, 0);
        }

        return info.Exists ? new FileStatus(FileKind.Regular, 0, 0, info.Length) : new FileStatus(FileKind.Missing, 0, 0, 0);
    }

#pragma warning disable SYSLIB1054, CA2101, CA5392 // plain libc calls on blittable arguments; UTF-8 paths are Linux's own encoding
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref StatxBuffer buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054, CA2101, CA5392

    /// <summary>struct statx (linux/stat.h): 256 bytes, the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
