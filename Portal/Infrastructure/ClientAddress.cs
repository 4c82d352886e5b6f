namespace Portal.Infrastructure;

public static class ClientAddress
{
    // The connection's address (after ForwardedHeaders, when the proxy in front is a known one).
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
