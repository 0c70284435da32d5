using SkiaSharp;

namespace Bookline.Cli.Tests.Web;

/// <summary>Real images for covers, drawn by Skia: a blue field with a gold disc.</summary>
internal static class TestPictures
{
    public static byte[] Jpeg(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(new SKColor(20, 60, 110));
        using var paint = new SKPaint { Color = new SKColor(235, 190, 60) };
        surface.Canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        using SKImage image = surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
