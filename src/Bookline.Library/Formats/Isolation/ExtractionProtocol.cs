using System.Text;
using System.Text.Json;

namespace Bookline.Library.Formats.Isolation;

/// <summary>
/// The messages between Bookline and an extraction process, one request and one answer at a time,
/// in the binary form of <see cref="BinaryWriter"/>: a request names a file, its format and the read
/// limits; the answer is the book, or the reason it could not be read.
/// </summary>
internal static class ExtractionProtocol
{
    /// <summary>Starts every request, so that a process of another version is caught, not misread.</summary>
    public const int Version = 0x424c5831; // "BLX1"

    /// <summary>What an answer holds.</summary>
    public enum Outcome : byte
    {
        /// <summary>The book.</summary>
        Book = 0,

        /// <summary>A <see cref="BookReadException"/>'s message.</summary>
        Failed = 1,

        /// <summary>A <see cref="NotSupportedException"/>'s message: the file is skipped.</summary>
        NotSupported = 2,

        /// <summary>The read needed more memory than the process's limit; the process ends after saying so.</summary>
        OutOfMemory = 3,
    }

    /// <summary>A request: read this file as this format within these limits.</summary>
    public readonly record struct Request(string Path, BookFormat Format, ReadLimits Limits);

    public static void WriteRequest(BinaryWriter writer, Request request)
    {
        writer.Write(Version);
        writer.Write(request.Path);
        writer.Write((int)request.Format);
        writer.Write(JsonSerializer.Serialize(request.Limits));
        writer.Flush();
    }

    /// <summary>Reads the next request, or null at the end of the input (Bookline closed it: time to go).</summary>
    /// <exception cref="InvalidDataException">The input is not a request of this version.</exception>
    public static Request? ReadRequest(BinaryReader reader)
    {
        int version;
        try
        {
            version = reader.ReadInt32();
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        if (version != Version)
        {
            throw new InvalidDataException(FormattableString.Invariant($"not an extraction request of this version (0x{version:x8})"));
        }

        string path = reader.ReadString();
        var format = (BookFormat)reader.ReadInt32();
        ReadLimits limits = JsonSerializer.Deserialize<ReadLimits>(reader.ReadString()) ?? ReadLimits.Default;
        return new Request(path, format, limits);
    }

    public static void WriteFailure(BinaryWriter writer, Outcome outcome, string message)
    {
        writer.Write((byte)outcome);
        writer.Write(message);
        writer.Flush();
    }

    public static void WriteBook(BinaryWriter writer, ExtractedBook book)
    {
        writer.Write((byte)Outcome.Book);
        writer.Write((int)book.Format);
        writer.Write(book.Title);
        WriteOptional(writer, book.Author);
        WriteOptional(writer, book.Language);
        writer.Write(book.Pages ?? -1);
        writer.Write(book.Text);
        WriteOptional(writer, book.Encoding);
        WriteList(writer, book.Warnings);
        WriteOptional(writer, book.Cover);
        BookMetadata metadata = book.Metadata;
        WriteOptional(writer, metadata.Title);
        WriteList(writer, metadata.Authors);
        WriteOptional(writer, metadata.AuthorSort);
        WriteOptional(writer, metadata.Series);
        WriteOptional(writer, metadata.SeriesIndex);
        writer.Write(metadata.Identifiers.Count);
        foreach (BookIdentifier identifier in metadata.Identifiers)
        {
            writer.Write(identifier.Scheme);
            writer.Write(identifier.Value);
        }

        WriteOptional(writer, metadata.Publisher);
        WriteOptional(writer, metadata.Published);
        WriteList(writer, metadata.Languages);
        WriteList(writer, metadata.Tags);
        WriteOptional(writer, metadata.Description);
        WriteOptional(writer, metadata.Rating);
        writer.Flush();
    }

    /// <summary>An answer: the book, or the exception its failure is to the caller.</summary>
    /// <param name="Book">The book read.</param>
    /// <param name="Failure">Why it was not.</param>
    /// <param name="Last">Whether the process ends after this answer.</param>
    public readonly record struct Answer(ExtractedBook? Book, Exception? Failure, bool Last);

    /// <summary>Reads an answer.</summary>
    /// <exception cref="EndOfStreamException">The process ended before it answered.</exception>
    /// <exception cref="InvalidDataException">The answer is not one of this version's.</exception>
    public static Answer ReadAnswer(BinaryReader reader, long memoryLimit)
    {
        var outcome = (Outcome)reader.ReadByte();
        switch (outcome)
        {
            case Outcome.Book:
                return new Answer(ReadBook(reader), null, Last: false);
            case Outcome.Failed:
                return new Answer(null, new BookReadException(reader.ReadString()), Last: false);
            case Outcome.NotSupported:
                return new Answer(null, new NotSupportedException(reader.ReadString()), Last: false);
            case Outcome.OutOfMemory:
                _ = reader.ReadString();
                return new Answer(null, new BookReadException(OutOfMemory(memoryLimit)), Last: true);
            default:
                throw new InvalidDataException(FormattableString.Invariant($"an extraction answer of an unknown kind ({(byte)outcome})"));
        }
    }

    private static ExtractedBook ReadBook(BinaryReader reader)
    {

        var format = (BookFormat)reader.ReadInt32();
        string title = reader.ReadString();
        string? author = ReadOptionalString(reader);
        string? language = ReadOptionalString(reader);
        int pages = reader.ReadInt32();
        string text = reader.ReadString();
        string? encoding = ReadOptionalString(reader);
        IReadOnlyList<string> warnings = ReadList(reader);
        string? cover = ReadOptionalString(reader);
        var metadata = new BookMetadata
        {
            Title = ReadOptionalString(reader),
            Authors = ReadList(reader),
            AuthorSort = ReadOptionalString(reader),
            Series = ReadOptionalString(reader),
            SeriesIndex = ReadOptionalDouble(reader),
            Identifiers = ReadIdentifiers(reader),
            Publisher = ReadOptionalString(reader),
            Published = ReadOptionalString(reader),
            Languages = ReadList(reader),
            Tags = ReadList(reader),
            Description = ReadOptionalString(reader),
            Rating = ReadOptionalDouble(reader),
        };
        return new ExtractedBook(format, title, author, language, pages < 0 ? null : pages, text, encoding, warnings)
        {
            Metadata = metadata,
            Cover = cover,
        };
    }

    /// <summary>The reason a file fails that needs more memory than an extraction process may take.</summary>
    public static string OutOfMemory(long memoryLimit) =>
        $"reading it needs more than {ReadLimits.Size(memoryLimit)} of memory, the limit for reading one file";

    /// <summary>A reader and a writer over a process's pipes, in UTF-8.</summary>
    public static (BinaryReader Reader, BinaryWriter Writer) Over(Stream input, Stream output) =>
        (new BinaryReader(input, Encoding.UTF8, leaveOpen: true), new BinaryWriter(output, Encoding.UTF8, leaveOpen: true));

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteOptional(BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        if (value is { } number)
        {
            writer.Write(number);
        }
    }

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (string value in values)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptionalString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static double? ReadOptionalDouble(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDouble() : null;

    private static string[] ReadList(BinaryReader reader)
    {
        var values = new string[Count(reader)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    private static BookIdentifier[] ReadIdentifiers(BinaryReader reader)
    {
        var identifiers = new BookIdentifier[Count(reader)];
        for (int i = 0; i < identifiers.Length; i++)
        {
            identifiers[i] = new BookIdentifier(reader.ReadString(), reader.ReadString());
        }

        return identifiers;
    }

    private static int Count(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        return count is >= 0 and <= 1_000_000 ? count : throw new InvalidDataException(FormattableString.Invariant($"a list of {count} items in an extraction answer"));
    }
}
