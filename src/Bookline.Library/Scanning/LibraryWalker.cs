using System.Collections.Concurrent;
using Bookline.Library.Formats;

namespace Bookline.Library.Scanning;

/// <summary>
/// Walks a library's folders for the finders. A link to a folder is followed only when it leads out
/// of the library and following was asked for, and never into a folder the walk has read already, so
/// no loop of links can make a book appear twice; a link not followed is reported with the reason.
/// Hidden files and folders (a leading dot) are left out.
/// </summary>
internal sealed class LibraryWalker
{
    private readonly string _root;
    private readonly string _realRoot;
    private readonly bool _followLinks;
    private readonly ConcurrentDictionary<(ulong Device, ulong Inode), byte> _walked = new();

    /// <param name="root">The library folder, full path.</param>
    /// <param name="followLinks">Follow links to folders outside the library.</param>
    public LibraryWalker(string root, bool followLinks)
    {
        _root = root;
        _realRoot = FileStatus.RealPath(root) ?? root;
        _followLinks = followLinks;
        if (followLinks)
        {
            Walked(root);
        }
    }

    /// <summary>The shelves (top-level folders) to walk, in name order, and the links among them not followed.</summary>
    public (IReadOnlyList<string> Shelves, IReadOnlyList<WalkedEntry> NotFollowed) Shelves()
    {
        var shelves = new List<string>();
        var notFollowed = new List<WalkedEntry>();
        foreach (string folder in Directory.EnumerateDirectories(_root).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal))
        {
            if (WhyNotFollowed(folder) is { } reason)
            {
                notFollowed.Add(new WalkedEntry(folder, reason));
            }
            else
            {
                shelves.Add(folder);
            }
        }

        return (shelves, notFollowed);
    }

    /// <summary>
    /// The entries of a shelf that may be books, in name order: files and anything else that is not a
    /// folder (the reader says why a pipe or a device is not a book). A folder holding index.html is
    /// one book (that page, which leads to the others); nothing else in it is looked at, but the
    /// size and time of its pages stand for the book, so that a changed chapter has it read again.
    /// </summary>
    public IEnumerable<WalkedEntry> Entries(string folder, bool recursive)
    {
        string? index = Directory.EnumerateFiles(folder)
            .FirstOrDefault(f => Path.GetFileName(f).Equals("index.html", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(f).Equals("index.htm", StringComparison.OrdinalIgnoreCase));
        if (index is not null)
        {
            yield return new WalkedEntry(index, null) { Stamp = PagesStamp(folder) };
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(folder).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal))
        {
            yield return new WalkedEntry(file, null);
        }

        if (!recursive)
        {
            yield break;
        }

        foreach (string sub in Directory.EnumerateDirectories(folder).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal))
        {
            if (WhyNotFollowed(sub) is { } reason)
            {
                yield return new WalkedEntry(sub, reason);
                continue;
            }

            foreach (WalkedEntry entry in Entries(sub, recursive: true))
            {
                yield return entry;
            }
        }
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    /// <summary>Null when the walk goes into this folder; otherwise why not.</summary>
    private string? WhyNotFollowed(string folder)
    {
        string? target = new DirectoryInfo(folder).LinkTarget;
        if (target is null)
        {
            // A real folder: inside the library it is reached once, unless a followed link led here before.
            return !_followLinks || Walked(folder) ? null : "a folder this scan reads already through a link";
        }

        string? real = FileStatus.RealPath(folder);
        if (real is null)
        {
            return $"a link to the folder '{target}', which cannot be resolved";
        }

        if (real == _realRoot || real.StartsWith(_realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"a link to the folder '{target}' inside the library, which the scan reads where it is: not followed";
        }

        if (!_followLinks)
        {
            return $"a link to the folder '{target}' outside the library: not followed (--follow-links follows links out of the library)";
        }

        return Walked(folder) ? null : $"a link to the folder '{target}', which this scan reads already (a loop of links)";
    }

    /// <summary>Marks a folder as walked by its identity; false when it was already.</summary>
    private bool Walked(string folder)
    {
        FileStatus status = FileStatus.Of(folder, followLinks: true);
        return status.Inode == 0 || _walked.TryAdd((status.Device, status.Inode), 0); // no identity (not Linux): cannot tell, walk it
    }

    /// <summary>The size of an HTML book's pages together and the latest time among them (the pages of its folder and below).</summary>
    private static (long Bytes, DateTimeOffset ModifiedUtc) PagesStamp(string folder)
    {
        long bytes = 0;
        DateTime latest = DateTime.MinValue;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.ReparsePoint };
        foreach (FileInfo page in new DirectoryInfo(folder).EnumerateFiles("*", options).Where(f => f.Extension.ToLowerInvariant() is ".html" or ".htm" or ".xhtml"))
        {
            bytes += page.Length;
            latest = page.LastWriteTimeUtc > latest ? page.LastWriteTimeUtc : latest;
        }

        return (bytes, new DateTimeOffset(DateTime.SpecifyKind(latest, DateTimeKind.Utc)));
    }
}
