using System.Security.Claims;
using Portal.Features.Regions;
using Portal.Infrastructure.Security;

namespace Portal.Features.Accounts;

public enum StaffRole
{
    VillageClerk,
    TownshipReviewer,
    DistrictReviewer,
    DisciplineInspector,
    // The district's review office: decides second appeals (复核) of administrative cases.
    ReviewOfficer,
    Administrator,
}

// The signed-in staff user as the rules see them: built on the server from the authentication cookie.
public sealed record StaffActor(long UserId, string UserName, StaffRole Role, RegionScope Scope, string? HomeVillageCode = null)
{
    public const string HomeVillageClaim = "portal:home-village";

    public static StaffActor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        if (!Enum.TryParse<StaffRole>(user.FindFirstValue(ClaimTypes.Role), out var role)) return null;
        if (user.RegionScope() is not { } scope) return null;
        return new StaffActor(id, user.Identity.Name ?? "", role, scope, user.FindFirstValue(HomeVillageClaim));
    }

    public IEnumerable<Claim> Claims()
    {
        yield return new Claim(ClaimTypes.NameIdentifier, UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new Claim(ClaimTypes.Name, UserName);
        yield return new Claim(ClaimTypes.Role, Role.ToString());
        yield return new Claim(PortalClaims.Region, Scope.Code);
        if (HomeVillageCode is not null) yield return new Claim(HomeVillageClaim, HomeVillageCode);
    }
}
