using SkiaSharp;

namespace Bookline.Web.Covers;

/// <summary>
/// Cover images resized with Skia: decoded at the smallest scale the codec offers that still covers the
/// target (a JPEG decodes at 1/2, 1/4 or 1/8 for free), so a 10,000-pixel scan never sits whole in memory,
/// then drawn on white (a transparent PNG would turn black as JPEG) and encoded as JPEG.
/// </summary>
internal static class CoverPictures
{
    /// <summary>The most pixels an image may claim before it is refused unread: a small file can claim a huge picture.</summary>
    public const long MaxSourcePixels = 120_000_000;

    /// <summary>The most pixels decoded at once (about 100 MB at 4 bytes a pixel).</summary>
    public const long MaxDecodedPixels = 25_000_000;

    private const int JpegQuality = 85;

    /// <summary>The image resized to fit the size (never enlarged), as JPEG; null when it is not an image Skia reads, or too large.</summary>
    public static byte[]? Resize(byte[] encoded, CoverSize size)
    {
        (int maxWidth, int maxHeight) = Bounds(size);
        using var data = SKData.CreateCopy(encoded);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxSourcePixels)
        {
            return null;
        }

        SKImageInfo source = codec.Info;
        float fit = Math.Min(1f, Math.Min(maxWidth / (float)source.Width, maxHeight / (float)source.Height));
        SKSizeI decoded = codec.GetScaledDimensions(fit);
        if (decoded.Width <= 0 || decoded.Height <= 0 || (long)decoded.Width * decoded.Height > MaxDecodedPixels)
        {
            return null;
        }

        var decodeInfo = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(decodeInfo);
        SKCodecResult result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        int width = Math.Max(1, (int)Math.Round(source.Width * fit));
        int height = Math.Max(1, (int)Math.Round(source.Height * fit));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (surface is null)
        {
            return null;
        }

        surface.Canvas.Clear(SKColors.White);
        using SKImage image = SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using SKImage snapshot = surface.Snapshot();
        using SKData jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return jpeg?.ToArray();
    }

    /// <summary>
    /// The placeholder for a book without a cover: a plain card in one of twelve muted colours, chosen by
    /// the title so a grid of them is not a wall of grey, with a dark band where a title would be (the pages write it there in white). PNG.
    /// </summary>
    public static byte[] Placeholder(int hue, CoverSize size)
    {
        (int width, int height) = Bounds(size);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColor.FromHsl(hue % 12 * 30, 25, 45));
        using var band = new SKPaint { Color = SKColor.FromHsl(hue % 12 * 30, 30, 22) };
        surface.Canvas.DrawRect(new SKRect(0, height * 0.3f, width, height * 0.55f), band);
        using var spine = new SKPaint { Color = SKColor.FromHsl(hue % 12 * 30, 28, 32) };
        surface.Canvas.DrawRect(new SKRect(0, 0, width * 0.06f, height), spine);
        using SKImage snapshot = surface.Snapshot();
        using SKData png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static (int Width, int Height) Bounds(CoverSize size) => size == CoverSize.Thumbnail ? (200, 300) : (600, 900);
}
