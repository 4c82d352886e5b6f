using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Tests.TestInfrastructure;

// A staff window without a browser: opens the circuit of a prerendered page over the hub as blazor.web.js does
// (StartCircuit, UpdateRootComponents with the page's markers), reads the render batches the server sends to find an
// element's event handler, and sends events to it. Enough to prove what the server does with an event, no more.
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly List<Frame> frames = [];
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reader;
    private long interopObjectId = -1;
    private int calls;

    private BlazorCircuit(ClientWebSocket socket)
    {
        this.socket = socket;
        reader = Task.Run(ReadAsync);
    }

    // JavaScript the server asked the window to run (its identifier and arguments), e.g. a navigation.
    public List<(string Identifier, string Arguments)> JsCalls { get; } = [];

    public bool Closed { get; private set; }

    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, string cookie, string path, CancellationToken ct)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, path);
        page.Headers.Add("Cookie", cookie);
        var html = await (await http.SendAsync(page, ct)).Content.ReadAsStringAsync(ct);
        var markers = Marker().Matches(html).Select(m => m.Groups[1].Value).Where(m => m.Contains("\"descriptor\"")).ToList();
        Assert.NotEmpty(markers);
        var state = State().Match(html).Groups[1].Value;

        http.DefaultRequestHeaders.Remove("Cookie");
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        var socket = await BlazorHub.ConnectAsync(http, ct, cookie: cookie);
        var circuit = new BlazorCircuit(socket);
        var baseUri = http.BaseAddress!.ToString();
        await circuit.InvokeAsync("StartCircuit", ct, baseUri, new Uri(http.BaseAddress!, path).ToString(), "[]", "");
        var operations = string.Join(",", markers.Select((m, i) => $$"""{"type":"add","ssrComponentId":{{i + 1}},"marker":{{m}}}"""));
        await circuit.InvokeAsync("UpdateRootComponents", ct, $$"""{"batchId":1,"operations":[{{operations}}]}""", state);
        await circuit.WaitUntilAsync(() => circuit.interopObjectId >= 0 && circuit.frames.Count > 0, ct);
        return circuit;
    }

    // The handler of eventName on the newest element named elementName whose content includes text (any when null).
    public ulong HandlerOf(string elementName, string eventName, string? text = null)
    {
        lock (gate)
        {
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                var f = frames[i];
                if (f.Type != 1 || f.Name != elementName) continue;
                var subtree = frames.Skip(i + 1).Take(f.Length - 1).ToList();
                var handler = subtree.TakeWhile(a => a.Type == 3).FirstOrDefault(a => a.Name == eventName && a.Handler != 0);
                if (handler is not null && (text is null || subtree.Any(t => t.Type == 2 && t.Text?.Contains(text) == true))) return handler.Handler;
            }
        }
        throw new InvalidOperationException($"No <{elementName}> with {eventName} showing '{text}' was rendered.");
    }

    // The handler of eventName on the element named elementName that carries data-for="action" (the case page gives
    // each action its own field and button).
    public ulong HandlerFor(string action, string elementName, string eventName) =>
        TryHandlerFor(action, elementName, eventName) ?? throw new InvalidOperationException($"No <{elementName}> with {eventName} for the {action} action was rendered.");

    public ulong? TryHandlerFor(string action, string elementName, string eventName)
    {
        lock (gate)
        {
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                if (frames[i].Type != 1 || frames[i].Name != elementName) continue;
                var attributes = frames.Skip(i + 1).TakeWhile(f => f.Type == 3).ToList();
                if (!attributes.Any(f => f.Name == "data-for" && f.Text == action)) continue;
                if (attributes.FirstOrDefault(f => f.Name == eventName && f.Handler != 0) is { } handler) return handler.Handler;
            }
        }
        return null;
    }

    // Sends an event as blazor.web.js does, through the renderer's interop object.
    public Task DispatchAsync(ulong handler, string eventName, object eventArgs, CancellationToken ct)
    {
        var descriptor = JsonSerializer.Serialize(new { eventHandlerId = handler, eventName, eventFieldInfo = (object?)null });
        var args = $"[{descriptor},{JsonSerializer.Serialize(eventArgs)}]";
        return InvokeAsync("BeginInvokeDotNetFromJS", ct, (++calls).ToString(), null, "DispatchEventAsync", interopObjectId, args);
    }

    public async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct, int seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            lock (gate)
            {
                if (condition()) return;
            }
            if (DateTime.UtcNow > until || reader.IsCompleted) throw new TimeoutException("The circuit did not get there." + (reader.Exception?.Message ?? ""));
            await Task.Delay(50, ct);
        }
    }

    public int RenderedBatches { get; private set; }

    private async Task ReadAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var message = await BlazorHub.ReceiveAsync(socket, stop.Token);
                for (var offset = 0; offset < message.Length;)
                {
                    var (length, prefix) = LengthAt(message, offset);
                    var item = new MessagePackReader(message, offset + prefix).Read() as object?[];
                    offset += prefix + length;
                    if (item is [1L, _, _, string target, object?[] args, ..]) await HandleAsync(target, args);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException)
        {
            Closed = true; // the server closed the connection
        }
        catch (WebSocketException)
        {
            Closed = true;
        }
    }

    private async Task HandleAsync(string target, object?[] args)
    {
        switch (target)
        {
            case "JS.RenderBatch":
                lock (gate)
                {
                    frames.AddRange(ReferenceFrames((byte[])args[1]!));
                    RenderedBatches++;
                }
                await InvokeAsync("OnRenderCompleted", stop.Token, (long)args[0]!, null);
                break;
            case "JS.BeginInvokeJS":
                var handle = (long)args[0]!;
                var identifier = (string)args[1]!;
                var arguments = (string)args[2]!;
                lock (gate)
                {
                    JsCalls.Add((identifier, arguments));
                    if (identifier.EndsWith("attachWebRendererInterop", StringComparison.Ordinal)) interopObjectId = long.Parse(DotNetObject().Match(arguments).Groups[1].Value);
                }
                // Calls that return nothing are answered; the rest are left waiting, as a slow browser would.
                if ((long)args[3]! == 3) await InvokeAsync("EndInvokeJSFromDotNet", stop.Token, handle, true, $"[{handle},true,null]");
                break;
        }
    }

    private async Task InvokeAsync(string target, CancellationToken ct, params object?[] args)
    {
        var w = new MessagePackWriter();
        w.ArrayHeader(6).Int(1).MapHeader(0).Nil().String(target).ArrayHeader(args.Length);
        foreach (var a in args) w.Value(a);
        w.ArrayHeader(0);
        var frame = BlazorHub.Frame(w.ToArray());
        await socket.SendAsync(frame, WebSocketMessageType.Binary, true, ct);
    }

    private static (int Length, int Prefix) LengthAt(byte[] data, int offset)
    {
        int length = 0, shift = 0, i = offset;
        byte b;
        do
        {
            b = data[i++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (length, i - offset);
    }

    private sealed record Frame(int Type, string? Name, int Length, string? Text, ulong Handler);

    // RenderBatchWriter's layout: the sections, then five offsets at the end; reference frames are a count and then
    // 20 bytes each; strings are indexes into a table of offsets to length-prefixed UTF-8.
    private static List<Frame> ReferenceFrames(byte[] batch)
    {
        var end = batch.Length - 20;
        var framesAt = BitConverter.ToInt32(batch, end + 4);
        var stringsAt = BitConverter.ToInt32(batch, end + 16);
        string? Str(int at)
        {
            var index = BitConverter.ToInt32(batch, at);
            if (index < 0) return null;
            using var r = new BinaryReader(new MemoryStream(batch, BitConverter.ToInt32(batch, stringsAt + 4 * index), batch.Length - BitConverter.ToInt32(batch, stringsAt + 4 * index)), Encoding.UTF8);
            return r.ReadString();
        }
        var count = BitConverter.ToInt32(batch, framesAt);
        var result = new List<Frame>(count);
        for (var i = 0; i < count; i++)
        {
            var f = framesAt + 4 + 20 * i;
            var type = BitConverter.ToInt32(batch, f);
            result.Add(type switch
            {
                1 => new Frame(type, Str(f + 8), BitConverter.ToInt32(batch, f + 4), null, 0),
                2 => new Frame(type, null, 1, Str(f + 4), 0),
                3 => new Frame(type, Str(f + 4), 1, Str(f + 8), BitConverter.ToUInt64(batch, f + 12)),
                _ => new Frame(type, null, 1, null, 0),
            });
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException)
        {
        }
        await Task.WhenAny(reader, Task.Delay(2000));
        socket.Dispose();
        stop.Dispose();
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->")]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->")]
    private static partial Regex State();

    [GeneratedRegex("\"__dotNetObject\":(\\d+)")]
    private static partial Regex DotNetObject();
}

// The few MessagePack shapes SignalR's blazorpack uses.
internal sealed class MessagePackWriter
{
    private readonly MemoryStream stream = new();

    public MessagePackWriter ArrayHeader(int n)
    {
        if (n < 16) stream.WriteByte((byte)(0x90 | n));
        else { stream.WriteByte(0xDC); stream.WriteByte((byte)(n >> 8)); stream.WriteByte((byte)n); }
        return this;
    }

    public MessagePackWriter MapHeader(int n)
    {
        stream.WriteByte((byte)(0x80 | n));
        return this;
    }

    public MessagePackWriter Nil()
    {
        stream.WriteByte(0xC0);
        return this;
    }

    public MessagePackWriter Int(long value)
    {
        stream.WriteByte(0xD3);
        for (var i = 7; i >= 0; i--) stream.WriteByte((byte)(value >> (8 * i)));
        return this;
    }

    public MessagePackWriter String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        stream.WriteByte(0xDB);
        for (var i = 3; i >= 0; i--) stream.WriteByte((byte)(bytes.Length >> (8 * i)));
        stream.Write(bytes);
        return this;
    }

    public MessagePackWriter Value(object? value) => value switch
    {
        null => Nil(),
        string s => String(s),
        bool b => Bool(b),
        long l => Int(l),
        int i => Int(i),
        _ => throw new ArgumentException($"Cannot write {value.GetType()}"),
    };

    private MessagePackWriter Bool(bool value)
    {
        stream.WriteByte(value ? (byte)0xC3 : (byte)0xC2);
        return this;
    }

    public byte[] ToArray() => stream.ToArray();
}

internal sealed class MessagePackReader(byte[] data, int position)
{
    private int at = position;

    public object? Read()
    {
        var b = data[at++];
        if (b <= 0x7F) return (long)b;
        if (b >= 0xE0) return (long)(sbyte)b;
        if ((b & 0xF0) == 0x80) return Map(b & 0x0F);
        if ((b & 0xF0) == 0x90) return Array(b & 0x0F);
        if ((b & 0xE0) == 0xA0) return Str(b & 0x1F);
        return b switch
        {
            0xC0 => null,
            0xC2 => false,
            0xC3 => true,
            0xC4 => Bin((int)Unsigned(1)),
            0xC5 => Bin((int)Unsigned(2)),
            0xC6 => Bin((int)Unsigned(4)),
            0xCA => Skip(4),
            0xCB => Skip(8),
            0xCC => (long)Unsigned(1),
            0xCD => (long)Unsigned(2),
            0xCE => (long)Unsigned(4),
            0xCF => (long)Unsigned(8),
            0xD0 => (long)(sbyte)Unsigned(1),
            0xD1 => (long)(short)Unsigned(2),
            0xD2 => (long)(int)Unsigned(4),
            0xD3 => (long)Unsigned(8),
            0xD9 => Str((int)Unsigned(1)),
            0xDA => Str((int)Unsigned(2)),
            0xDB => Str((int)Unsigned(4)),
            0xDC => Array((int)Unsigned(2)),
            0xDD => Array((int)Unsigned(4)),
            0xDE => Map((int)Unsigned(2)),
            0xDF => Map((int)Unsigned(4)),
            _ => throw new NotSupportedException($"MessagePack type 0x{b:X2}"),
        };
    }

    private ulong Unsigned(int bytes)
    {
        ulong value = 0;
        for (var i = 0; i < bytes; i++) value = (value << 8) | data[at++];
        return value;
    }

    private object? Skip(int bytes)
    {
        at += bytes;
        return null;
    }

    private string Str(int length)
    {
        var s = Encoding.UTF8.GetString(data, at, length);
        at += length;
        return s;
    }

    private byte[] Bin(int length)
    {
        var b = data[at..(at + length)];
        at += length;
        return b;
    }

    private object?[] Array(int n)
    {
        var items = new object?[n];
        for (var i = 0; i < n; i++) items[i] = Read();
        return items;
    }

    private Dictionary<string, object?> Map(int n)
    {
        var map = new Dictionary<string, object?>();
        for (var i = 0; i < n; i++) map[Read()?.ToString() ?? ""] = Read();
        return map;
    }
}
