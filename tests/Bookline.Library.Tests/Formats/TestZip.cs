using System.IO.Compression;
using System.Text;

namespace Bookline.Library.Tests.Formats;

/// <summary>Zips built in memory for the readers of zip-based formats.</summary>
internal static class TestZip
{
    /// <summary>A zip of these text entries, in order; an OpenDocument's "mimetype" is stored, as the format asks.</summary>
    public static byte[] Of(params (string Name, string Text)[] entries) =>
        Of([.. entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Text)))]);

    /// <summary>A zip of these entries, in order.</summary>
    public static byte[] Of(params (string Name, byte[] Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using Stream stream = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }

        return memory.ToArray();
    }
}
