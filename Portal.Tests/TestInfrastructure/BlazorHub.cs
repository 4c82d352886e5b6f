using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;

namespace Portal.Tests.TestInfrastructure;

// Just enough of SignalR's protocol, as Blazor's script speaks it (blazorpack: MessagePack over a WebSocket), to open a
// circuit connection, prove it still answers, and send it what a test needs.
public static class BlazorHub
{
    // Negotiates, opens the WebSocket and completes the handshake; a refused WebSocket throws, its status in RefusedWith.
    public static async Task<ClientWebSocket> ConnectAsync(HttpClient http, CancellationToken ct, string path = "/_blazor", string? cookie = null)
    {
        var token = await NegotiateAsync(http, ct);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (cookie is not null) socket.Options.SetRequestHeader("Cookie", cookie);
        var uri = new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = path, Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, ct);
        }
        catch (WebSocketException e)
        {
            e.Data["status"] = socket.HttpStatusCode;
            socket.Dispose();
            throw;
        }
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, ct);
        var answer = await ReceiveAsync(socket, ct);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(answer));
        return socket;
    }

    // The first step of every connection: the token the transport request then carries as "id".
    public static async Task<string> NegotiateAsync(HttpClient http, CancellationToken ct)
    {
        var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, ct);
        negotiate.EnsureSuccessStatusCode();
        return (await negotiate.Content.ReadFromJsonAsync<Negotiation>(ct))!.ConnectionToken;
    }

    private sealed record Negotiation(string ConnectionToken);

    // The status the server refused the WebSocket with (429 over the cap).
    public static HttpStatusCode? RefusedWith(WebSocketException e) => e.Data["status"] as HttpStatusCode?;

    // An invocation of a method the hub does not have: a live connection answers it with an error completion.
    public static async Task AssertAliveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.SendAsync(Frame(Invocation(null)), WebSocketMessageType.Binary, true, ct);
        while (true)
        {
            var message = await ReceiveAsync(socket, ct);
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
    public static byte[] Invocation(string? argument)
    {
        byte[] head = [0x96, 0x01, 0x80, 0xA1, (byte)'9', 0xAC, .. "NoSuchMethod"u8];
        if (argument is null) return [.. head, 0x90, 0x90];
        var text = Encoding.UTF8.GetBytes(argument);
        byte[] str32 = [0xDB, (byte)(text.Length >> 24), (byte)(text.Length >> 16), (byte)(text.Length >> 8), (byte)text.Length];
        return [.. head, 0x91, .. str32, .. text, 0x90];
    }

    // A message with its length prefix (a variable-length integer).
    public static byte[] Frame(byte[] payload)
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

    public static async Task<byte[]> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
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

    // True when the server closes the connection within the time given.
    public static async Task<bool> ClosedWithinAsync(ClientWebSocket socket, TimeSpan within, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
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
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
