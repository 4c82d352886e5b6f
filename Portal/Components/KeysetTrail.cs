namespace Portal.Components;

// The pages a keyset pager has gone through, as the cursor each one started from (default for the first), so that
// "previous" goes back to the page before without any query counting rows to skip.
public sealed class KeysetTrail<TCursor>
{
    private readonly List<TCursor?> starts = [default];

    public TCursor? Current => starts[^1];

    public int PageNumber => starts.Count;

    public void Forward(TCursor next) => starts.Add(next);

    public void Back()
    {
        if (starts.Count > 1) starts.RemoveAt(starts.Count - 1);
    }

    public void Restart()
    {
        starts.Clear();
        starts.Add(default);
    }
}
