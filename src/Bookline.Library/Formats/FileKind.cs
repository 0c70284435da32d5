namespace Bookline.Library.Formats;

/// <summary>What a directory entry is, as the file system says (st_mode's type bits).</summary>
internal enum FileKind
{
    /// <summary>Nothing is there (or a link's target is missing).</summary>
    Missing,

    /// <summary>A regular file: the only kind a reader opens.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    Link,

    /// <summary>Links that lead back to themselves: there is nothing at the end.</summary>
    Loop,

    /// <summary>A named pipe: opening it waits for a writer that may never come.</summary>
    Fifo,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>A character device such as /dev/zero: endless, or worse.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,
}
