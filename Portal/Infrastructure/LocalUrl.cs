namespace Portal.Infrastructure;

public static class LocalUrl
{
    // Only paths on this site: "/x", never "//host" or "/\host", so a redirect cannot be sent elsewhere; and only
    // printable ASCII, all a Location header can carry (the site's own links arrive percent-encoded), so that a line
    // break or a raw emoji falls back instead of failing the response.
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && url.All(c => c is > ' ' and < '\u007F');

    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url! : fallback;
}
