namespace Portal.Infrastructure.Data;

// One page of a list read by keyset paging: the rows after the last one of the page before, found by seeking the index
// the list's order follows, so that a page deep in ten million rows costs what the first one does. A page knows whether
// another follows (one row more is read); the pager goes back through the pages it has shown. Matches are counted up to
// CountedUpTo only, CountLimit unless the list says less (the pager says "more than" beyond it): an exact count would
// read every match.
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, bool HasNext, long Matches, int CountedUpTo = KeysetPage.CountLimit)
{
    public static readonly KeysetPage<T> Empty = new([], false, 0);

    public bool MoreMatches => Matches > CountedUpTo;
}

public static class KeysetPage
{
    public const int CountLimit = 10_000;
}
