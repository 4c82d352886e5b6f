namespace Portal.Infrastructure.Data;

// LIKE patterns built from user text, with ESCAPE '\' in the statement, so that % and _ match themselves.
public static class Like
{
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");

    public static string? Contains(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : "%" + Escape(text.Trim()) + "%";
}
