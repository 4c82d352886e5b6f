using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

// Every endpoint and routable page either requires authorization or is on this explicit anonymous list.
public sealed class RouteInventoryTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static readonly HashSet<string> Anonymous =
    [
        "/", "/announcements", "/announcements/{Id:long}", "/announcements/{id:long}/notice.pdf", "/announcements/{Id:long}/objections/new",
        "/track", "/report", "/api/v1/reports/", "/open-data", "/audit", "/statistics", "/villages/{Code}", "/not-found", "/error", "/staff/login", "/healthz", "/culture/{name}", "/mode/{name}", "/villages/{code}/feed.atom",
        "/api/v1/announcements/", "/api/v1/announcements/{id:long}", "/api/v1/announcements/{id:long}/entries.csv", "/feeds/announcements.atom", "/api/v1/procedures",
        "/api/v1/objections/", "/api/v1/objections/track", "/api/v1/objections/followup", "/objections/receipt.pdf", "/api/v1/audit/verify", "/api/v1/statistics", "/statistics/{dataset}.csv",
    ];

    [Fact]
    public void EveryEndpoint_IsAuthorizedOrListedAsAnonymous()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var unaccounted = new List<string>();
        var seenAnonymous = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            // Framework plumbing: static files, the Blazor hub and its negotiation.
            if (pattern.StartsWith("_framework", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
                || pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("_content", StringComparison.Ordinal)
                || endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor") || pattern.Contains(":file}", StringComparison.Ordinal)
                || (pattern.Contains('.') && !pattern.StartsWith('/')))
            {
                continue;
            }
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            if (anonymous && Anonymous.Contains(pattern)) seenAnonymous.Add(pattern);
            else if (!authorized || anonymous) unaccounted.Add($"{pattern} (authorized: {authorized}, anonymous: {anonymous})");
        }

        Assert.Empty(unaccounted);
        Assert.True(endpoints.Count > 30);
        Assert.Contains("/staff/objections/{Id:long}", endpoints.Select(e => e.RoutePattern.RawText));
        // The data-subject view and its PDF (PIPL §45) are staff-only like every staff route.
        Assert.Contains("/staff/households/{Id:long}/subject", endpoints.Select(e => e.RoutePattern.RawText));
        Assert.Contains("/staff/households/{id:long}/subject.pdf", endpoints.Select(e => e.RoutePattern.RawText));
    }
}
