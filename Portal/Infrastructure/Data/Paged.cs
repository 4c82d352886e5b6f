namespace Portal.Infrastructure.Data;

// One page of a search, with the total that the pager counts pages from.
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}
