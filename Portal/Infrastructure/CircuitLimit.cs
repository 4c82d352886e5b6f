using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Features.Objections;
using Portal.Resources;

namespace Portal.Infrastructure;

// A cap on live Blazor circuits per client address (Limits:CircuitsPerAddress). A circuit lives on one long request to
// the hub at /_blazor (a WebSocket, or a server-sent-event or long-poll stream when WebSockets are blocked): while it
// lasts it counts against its address, and one over the cap is refused with 429 before its connection opens. Only
// that connection is refused; the address's other circuits and everyone else's go on.
public sealed class CircuitLimit
{
    public const string HubPath = "/_blazor";

    private readonly ConcurrentDictionary<string, int> live = new();

    public int LiveFor(string address) => live.TryGetValue(address, out var count) ? count : 0;

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

    public static void Use(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // The negotiate and disconnect calls are short; the connection itself is the GET to the hub's own path.
            if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(HubPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }
            var limit = context.RequestServices.GetRequiredService<CircuitLimit>();
            var cap = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.CircuitsPerAddress;
            var address = ClientAddress.Of(context);
            if (!limit.TryEnter(address, cap))
            {
                var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
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
}
