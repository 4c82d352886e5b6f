using System.Net;
using System.Net.Sockets;

namespace Portal.Infrastructure;

// The partition key of every per-address limit (submissions, failed look-ups, circuits, sign-in attempts).
public static class ClientAddress
{
    // The connection's address (after ForwardedHeaders, when the proxy in front is a known one).
    public static string Of(HttpContext context) => Key(context.Connection.RemoteIpAddress);

    // An IPv4 address counts as itself. An IPv6 address counts by its /64: one subscriber is usually given a whole /64,
    // so counting single IPv6 addresses would give one person 2^64 fresh budgets. An IPv4-mapped IPv6 address
    // (::ffff:1.2.3.4, how a dual-stack socket sees an IPv4 client) is the IPv4 address.
    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
