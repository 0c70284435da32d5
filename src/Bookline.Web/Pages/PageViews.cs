using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AspNetCoreGeneratedDocument;
using Bookline.Library.Catalog;
using Microsoft.AspNetCore.Http;
using RazorSlices;

namespace Bookline.Web.Pages;

/// <summary>
/// The templates (the .cshtml files beside this one, compiled with the assembly), made into slices by
/// RazorSlices' factory without its public proxy types, and the layout every page is rendered in.
/// </summary>
internal static class PageViews
{
    /// <summary>Every character but those HTML gives a meaning to is written as it is (an é stays é, not &amp;#xE9;).</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);


    public static RazorSlice Paging(PageLinks links) => RazorSliceFactory.Create(links, static m => new Pages_Paging { Model = m });

    public static RazorSlice Sorting(IReadOnlyList<SortLink> sorts) => RazorSliceFactory.Create(sorts, static m => new Pages_Sorting { Model = m });

    public static RazorSlice Grid(GridModel model) => RazorSliceFactory.Create(model, static m => new Pages_Grid { Model = m });

    public static RazorSlice FacetList(FacetListModel model) => RazorSliceFactory.Create(model, static m => new Pages_FacetList { Model = m });

    public static RazorSlice Book(BookModel model) => RazorSliceFactory.Create(model, static m => new Pages_Book { Model = m });

    public static RazorSlice Search(SearchModel model) => RazorSliceFactory.Create(model, static m => new Pages_Search { Model = m });

    public static RazorSlice Duplicates(DuplicatesModel model) => RazorSliceFactory.Create(model, static m => new Pages_Duplicates { Model = m });

    public static RazorSlice Failures(FailuresModel model) => RazorSliceFactory.Create(model, static m => new Pages_Failures { Model = m });

    public static RazorSlice Statistics(CatalogStatus model) => RazorSliceFactory.Create(model, static m => new Pages_Statistics { Model = m });

    public static RazorSlice Message(MessageModel model) => RazorSliceFactory.Create(model, static m => new Pages_Message { Model = m });

    public static RazorSlice Login(LoginModel model) => RazorSliceFactory.Create(model, static m => new Pages_Login { Model = m });

    public static RazorSlice Live(string library) => RazorSliceFactory.Create(library, static m => new Pages_Live { Model = m });

    /// <summary>The page in the layout, as the answer to the request.</summary>
    public static IResult Page(PageFrame frame, int status = StatusCodes.Status200OK)
    {
        RazorSlice<PageFrame> page = RazorSliceFactory.Create(frame, static m => new Pages_Layout { Model = m });
        page.HtmlEncoder = Encoder;
        page.StatusCode = status;
        return page;
    }

    /// <summary>A size as people read it: 980 bytes, 12.4 KB, 3.1 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.#} KB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:0.##} GB"),
    };
}
