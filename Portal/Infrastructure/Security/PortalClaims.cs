using System.Security.Claims;
using Portal.Features.Regions;

namespace Portal.Infrastructure.Security;

public static class PortalClaims
{
    public const string Region = "portal:region";

    // The region a signed-in staff user may see; null when the account has none.
    public static RegionScope? RegionScope(this ClaimsPrincipal user) =>
        user.FindFirst(Region)?.Value is { Length: 12 or 14 } code ? Features.Regions.RegionScope.Of(code) : null;
}
