namespace Portal.Infrastructure;

public static class LocalUrl
{
    // Only paths on this site: "/x", never "//host" or "/\host", so a redirect cannot be sent elsewhere.
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
