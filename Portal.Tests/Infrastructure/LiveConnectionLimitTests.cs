using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
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
        await sender.SendAsync(Frame(Invocation(new string('x', 40 * 1024))), WebSocketMessageType.Binary, endOfMessage: true, Ct);

        var closed = await ReadUntilClosedAsync(sender, TimeSpan.FromSeconds(10));
        Assert.True(closed, "the server kept a connection open after a message over the limit");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", Ct)).StatusCode);
        await AssertAliveAsync(bystander);
    }

    // ---- the SignalR protocol, just enough of it ----

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<Negotiation>(Ct))!.ConnectionToken;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = "/_blazor", Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, Ct);
        }
        catch (WebSocketException e)
        {
            e.Data["status"] = socket.HttpStatusCode;
            socket.Dispose();
            throw;
        }
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, Ct);
        var answer = await ReceiveAsync(socket);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(answer));
        return socket;
    }

    private sealed record Negotiation(string ConnectionToken);

    private static HttpStatusCode? Refused(WebSocketException e) => e.Data["status"] as HttpStatusCode?;

    // An invocation of a method the hub does not have: a live connection answers it with an error completion.
    private static async Task AssertAliveAsync(ClientWebSocket socket)
    {
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.SendAsync(Frame(Invocation(null)), WebSocketMessageType.Binary, true, Ct);
        while (true)
        {
            var message = await ReceiveAsync(socket);
            // Skip the length prefix; a completion is [3, headers, "9", ...] and pings ([6]) may come between.
            var start = 0;
            while ((message[start++] & 0x80) != 0) { }
            if (message[start + 1] == 0x03)
            {
                Assert.Equal((byte)'9', message[start + 4]);
                return;
            }
        }
    }

    // MessagePack [1, {}, "9", "NoSuchMethod", [argument?], []]: type Invocation, no headers, id "9".
    private static byte[] Invocation(string? argument)
    {
        byte[] head = [0x96, 0x01, 0x80, 0xA1, (byte)'9', 0xAC, .. "NoSuchMethod"u8];
        if (argument is null) return [.. head, 0x90, 0x90];
        var text = Encoding.UTF8.GetBytes(argument);
        byte[] str32 = [0xDB, (byte)(text.Length >> 24), (byte)(text.Length >> 16), (byte)(text.Length >> 8), (byte)text.Length];
        return [.. head, 0x91, .. str32, .. text, 0x90];
    }

    private static byte[] Frame(byte[] payload)
    {
        var prefix = new List<byte>();
        var length = payload.Length;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            prefix.Add(length > 0 ? (byte)(b | 0x80) : b);
        } while (length > 0);
        return [.. prefix, .. payload];
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"The server closed the connection: {result.CloseStatus} {result.CloseStatusDescription}");
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return message.ToArray();
    }

    private static async Task<bool> ReadUntilClosedAsync(ClientWebSocket socket, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(within);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close) return true;
            }
        }
        catch (WebSocketException)
        {
            return true; // closed without a close frame
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
    }

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
