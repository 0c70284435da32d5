namespace Bookline.Web.Covers;

/// <summary>An encoded cover as served: its bytes, type and entity tag, and whether it is the generated placeholder.</summary>
internal sealed record CoverImage(byte[] Bytes, string ContentType, string Tag, bool IsPlaceholder);
