using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Infrastructure;

// A cap on live Blazor circuits per client address (Limits:CircuitsPerAddress). A circuit lives on one WebSocket to the
// hub at /_blazor: while it is open it counts against its address, and one over the cap is refused with 429 before it
// opens. Only that connection is refused; the address's other circuits and everyone else's go on.
public sealed class CircuitLimit
{
    public const string HubPath = "/_blazor";

    private readonly ConcurrentDictionary<string, int> live = new();

    public bool TryEnter(string address, int cap)
    {
        while (true)
        {
            var count = live.GetOrAdd(address, 0);
            if (count >= cap) return false;
            if (live.TryUpdate(address, count + 1, count)) return true;
        }
    }

    public void Leave(string address)
    {
        while (true)
        {
            var count = live[address];
            if (count == 1 ? live.TryRemove(KeyValuePair.Create(address, 1)) : live.TryUpdate(address, count - 1, count)) return;
        }
    }

    // cap: Limits:CircuitsPerAddress.
    public static void Use(IApplicationBuilder app, int cap) =>
        app.Use(async (context, next) =>
        {
            if (!IsHubConnection(context.Request.Path))
            {
                await next(context);
                return;
            }
            var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            // A circuit on a WebSocket is one request for its whole life, which the cap can count. The fallbacks
            // (server-sent events, long polling) spread a circuit over many requests, so they are not offered: the
            // staff area needs a browser and a network that let WebSockets through.
            if (!IsWebSocket(context))
            {
                await Refusal.WriteAsync(context, StatusCodes.Status400BadRequest, L["Limits.WebSocketsRequired"]);
                return;
            }
            var limit = context.RequestServices.GetRequiredService<CircuitLimit>();
            var address = ClientAddress.Of(context);
            if (!limit.TryEnter(address, cap))
            {
                await Refusal.WriteAsync(context, StatusCodes.Status429TooManyRequests, L["Limits.TooManyCircuits", cap]);
                return;
            }
            try
            {
                await next(context);
            }
            finally
            {
                limit.Leave(address);
            }
        });

    // The hub's own path however it is written ("/_blazor", "/_BLAZOR/"); its sub-paths (negotiate, disconnect,
    // initializers) are short calls that open nothing.
    public static bool IsHubConnection(PathString path) =>
        path.StartsWithSegments(HubPath, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/");

    // A WebSocket over HTTP/1.1 (GET with Upgrade) or over HTTP/2 (CONNECT with the websocket protocol).
    public static bool IsWebSocket(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            && context.Request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
        || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: var protocol }
            && string.Equals(protocol, "websocket", StringComparison.OrdinalIgnoreCase);
}
