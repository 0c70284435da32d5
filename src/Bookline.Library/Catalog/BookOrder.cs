namespace Bookline.Library.Catalog;

/// <summary>The order of a list of books.</summary>
public enum BookOrder
{
    /// <summary>By title, as a librarian files it (leading "The", "A", "An" set aside).</summary>
    Title,

    /// <summary>By author sort (calibre's), or by the first author's last name.</summary>
    Author,

    /// <summary>In the order the books were first cataloged.</summary>
    Added,

    /// <summary>By series and place in it; books of no series last, by title.</summary>
    Series,
}
