using Bookline.Library.Catalog;

namespace Bookline.Web.Pages;

/// <summary>The failures page: files that could not be cataloged, and files skipped as not books.</summary>
/// <param name="Failures">The failures.</param>
/// <param name="Skipped">The skipped files.</param>
internal sealed record FailuresModel(IReadOnlyList<CatalogFailure> Failures, IReadOnlyList<CatalogSkip> Skipped);
