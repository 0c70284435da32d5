using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;

namespace Bookline.Library.Formats;

/// <summary>
/// A single book in a compression stream (<c>manual.pdf.gz</c>, <c>.bz2</c>, <c>.xz</c>, <c>.zst</c>):
/// known by its magic bytes, unpacked within the limits, and read as the book inside it.
/// </summary>
internal static class CompressedBook
{
    private static readonly byte[] Gzip = [0x1F, 0x8B];
    private static readonly byte[] Xz = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00];
    private static readonly byte[] Zstd = [0x28, 0xB5, 0x2F, 0xFD];

    /// <summary>The compression a file's first bytes name ("gzip", "bzip2", "xz", "zstd"), or null.</summary>
    public static string? Kind(ReadOnlySpan<byte> head) =>
        head.StartsWith(Gzip) ? "gzip"
        : head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9' ? "bzip2"
        : head.StartsWith(Xz) ? "xz"
        : head.StartsWith(Zstd) ? "zstd"
        : null;

    /// <summary>The name of the file inside: <c>manual.pdf.gz</c> holds <c>manual.pdf</c>.</summary>
    public static string InnerName(string name)
    {
        string extension = Path.GetExtension(name).ToLowerInvariant();
        return extension is ".gz" or ".gzip" or ".bz2" or ".xz" or ".zst" or ".zstd" ? name[..^extension.Length] : name;
    }

    /// <summary>Unpacks the stream into a file named as the book inside it.</summary>
    /// <exception cref="BookReadException">The stream is damaged or unpacks past a limit.</exception>
    public static UnpackedFile Unpack(Stream content, string kind, string name, long packedSize, ReadLimits limits, CancellationToken cancellationToken)
    {
        content.Position = 0;
        using Stream unpacking = kind switch
        {
            "gzip" => new GZipStream(content, CompressionMode.Decompress, leaveOpen: true),
            "bzip2" => BZip2Stream.Create(content, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: true, tolerateTruncatedStream: false),
            "xz" => new XZStream(new KeptOpenStream(content)),
            _ => new DecompressionStream(content, 64 * 1024, checkEndOfStream: true, leaveOpen: true),
        };
        UnpackedFile file = UnpackedFile.Write(unpacking, InnerName(Path.GetFileName(name)), packedSize, limits.MaxArchiveBytes, limits, $"the {kind} stream", cancellationToken);
        if (kind == "gzip" && !GzipEndAgrees(content, file.Content.Length))
        {
            // .NET's gzip reader ends quietly where a stream is cut; the stream's last field says how much should have come out.
            file.Dispose();
            throw new BookReadException("the gzip stream is damaged: it is cut short (it unpacks to less than its end says)");
        }

        return file;
    }

    /// <summary>Whether a gzip stream's last field (the size of its last member, modulo 2^32) agrees with what it unpacked to.</summary>
    /// <remarks>Exact for a stream of one member, as gzip, pigz and every book tool write; a stream of several members is only checked for its last.</remarks>
    private static bool GzipEndAgrees(Stream content, long unpacked)
    {
        if (content.Length < 18)
        {
            return false;
        }

        content.Position = content.Length - 4;
        Span<byte> end = stackalloc byte[4];
        content.ReadExactly(end);
        uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(end);
        return size == (uint)unpacked || unpacked > size; // a later member of several ends with its own size
    }

    /// <summary>A stream whose disposal leaves the stream under it open (the caller owns it).</summary>
    private sealed class KeptOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
