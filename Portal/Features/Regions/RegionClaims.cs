using System.Security.Claims;
using Portal.Infrastructure.Security;

namespace Portal.Features.Regions;

public static class RegionClaims
{
    // The region a signed-in staff user may see; null when the account has none.
    public static RegionScope? RegionScope(this ClaimsPrincipal user) =>
        user.FindFirst(PortalClaims.Region)?.Value is { Length: 12 or 14 } code ? Regions.RegionScope.Of(code) : null;
}
