using System.Net;
using Portal.Infrastructure;

namespace Portal.Tests.Infrastructure;

// The partition key of every per-address limit.
public sealed class ClientAddressTests
{
    [Fact]
    public void Key_TwoAddressesOfOneIPv6Slash64_AreOneClient()
    {
        var first = ClientAddress.Key(IPAddress.Parse("2001:db8:abcd:12:1::1"));
        var second = ClientAddress.Key(IPAddress.Parse("2001:db8:abcd:12:ffff:ffff:ffff:fffe"));

        Assert.Equal(first, second);
        Assert.Equal("2001:db8:abcd:12::/64", first);
    }

    [Fact]
    public void Key_NeighbouringIPv6Slash64s_AreTwoClients() =>
        Assert.NotEqual(ClientAddress.Key(IPAddress.Parse("2001:db8:abcd:12::1")), ClientAddress.Key(IPAddress.Parse("2001:db8:abcd:13::1")));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void Key_IPv4_IsTheAddressItself_AlsoWhenMappedToIPv6(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public void Key_IPv4AddressesNextToEachOther_AreTwoClients() =>
        Assert.NotEqual(ClientAddress.Key(IPAddress.Parse("203.0.113.7")), ClientAddress.Key(IPAddress.Parse("203.0.113.8")));
}
