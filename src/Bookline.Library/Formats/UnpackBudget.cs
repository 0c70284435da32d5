using System.IO.Compression;

namespace Bookline.Library.Formats;

/// <summary>
/// What one archive may still unpack: each entry is read through a stream that stops at
/// <see cref="ReadLimits.MaxEntryBytes"/> and at what is left of <see cref="ReadLimits.MaxUnpackedBytes"/>,
/// counting the bytes that really come out, not the sizes the zip's headers claim.
/// </summary>
internal sealed class UnpackBudget(ReadLimits limits)
{
    private long _left = limits.MaxUnpackedBytes;

    /// <summary>Opens an entry for reading within the budget.</summary>
    public Stream Open(ZipArchiveEntry entry) => new BoundedStream(entry.Open(), entry.FullName, this);

    /// <summary>Reads an unpacking stream (of any archive) within the budget.</summary>
    public Stream Open(Stream unpacking, string name) => new BoundedStream(unpacking, name, this);

    private void Take(string entry, long entryTotal, int count)
    {
        _left -= count;
        if (entryTotal > limits.MaxEntryBytes)
        {
            throw new BookReadException($"'{entry}' in the archive unpacks to more than {ReadLimits.Size(limits.MaxEntryBytes)}, the limit for one document (a zip bomb?)");
        }

        if (_left < 0)
        {
            throw new BookReadException($"the archive's documents unpack to more than {ReadLimits.Size(limits.MaxUnpackedBytes)} in all, the limit for one book (a zip bomb?)");
        }
    }

    private sealed class BoundedStream(Stream inner, string name, UnpackBudget budget) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (Exception exception) when (exception is not BookReadException and not OperationCanceledException and not OutOfMemoryException)
            {
                // Unpackers throw their own types for damage (InvalidDataException, SharpCompress's archive exceptions).
                // Every reader of a zip-based format says the same of a damaged entry.
                throw new BookReadException($"'{name}' in the archive is damaged: {exception.Message}", exception);
            }

            _read += n;
            budget.Take(name, _read, n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
