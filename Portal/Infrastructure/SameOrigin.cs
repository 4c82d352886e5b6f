namespace Portal.Infrastructure;

// Whether a request comes from one of the portal's own pages or from no page at all (a program), rather than from
// another web site in a visitor's browser. Browsers name the sending page's origin in Origin, and say cross-site in
// Sec-Fetch-Site; a program sends neither.
public static class SameOrigin
{
    public static bool Allows(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase)) return false;
        var origin = request.Headers.Origin;
        return origin.Count == 0 || (origin.Count == 1 && IsOwn(request, origin.ToString()));
    }

    // The portal's own origin is the request's scheme and host (behind a known proxy, the ones the proxy forwarded).
    // A configured public address would replace it here, and only here.
    public static bool IsOwn(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var theirs)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var ours)
        && string.Equals(theirs.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(theirs.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
        && theirs.Port == ours.Port;
}
