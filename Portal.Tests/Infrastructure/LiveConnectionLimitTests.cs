using System.Net;
using System.Net.WebSockets;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

// The limits on live connections (SPEC §4 Limits:CircuitsPerAddress, and the largest circuit message): exceeding them
// closes only the connection that did, and the portal stays healthy. Real Kestrel, real WebSockets, the SignalR protocol
// the Blazor script speaks.
public sealed class LiveConnectionLimitTests : IAsyncLifetime
{
    private const int Cap = 2;

    private readonly PortalAppFactory app = new()
    {
        Households = 200,
        Settings = new() { ["Limits:CircuitsPerAddress"] = Cap.ToString(), ["Limits:CircuitMessageBytes"] = "32768" },
    };

    private HttpClient http = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        http = app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task ACircuitOverTheCap_IsRefused_WhileTheOthersAndHealthGoOn()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();

        var refused = await Assert.ThrowsAsync<WebSocketException>(async () => (await ConnectAsync()).Dispose());
        Assert.Equal(HttpStatusCode.TooManyRequests, Refused(refused));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
        await AssertAliveAsync(first);
        await AssertAliveAsync(second);

        // A window closed frees its place.
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
        await WaitUntilAsync(async () =>
        {
            try
            {
                (await ConnectAsync()).Dispose();
                return true;
            }
            catch (WebSocketException)
            {
                return false;
            }
        });
        await AssertAliveAsync(second);
    }

    [Fact]
    public async Task AMessageOverTheLimit_ClosesOnlyItsOwnConnection()
    {
        using var bystander = await ConnectAsync();
        using var sender = await ConnectAsync();

        // A well-formed call with a 40 KiB argument: under a larger limit it is answered like any other (see AssertAliveAsync).
        await sender.SendAsync(BlazorHub.Frame(BlazorHub.Invocation(new string('x', 40 * 1024))), WebSocketMessageType.Binary, endOfMessage: true, Ct);

        var closed = await BlazorHub.ClosedWithinAsync(sender, TimeSpan.FromSeconds(10), Ct);
        Assert.True(closed, "the server kept a connection open after a message over the limit");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
        await AssertAliveAsync(bystander);
    }

    private Task<ClientWebSocket> ConnectAsync() => BlazorHub.ConnectAsync(http, Ct);

    private static HttpStatusCode? Refused(WebSocketException e) => BlazorHub.RefusedWith(e);

    private static Task AssertAliveAsync(ClientWebSocket socket) => BlazorHub.AssertAliveAsync(socket, Ct);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition()) return;
            await Task.Delay(100, Ct);
        }
        Assert.Fail("the condition did not hold within 5 s");
    }
}
