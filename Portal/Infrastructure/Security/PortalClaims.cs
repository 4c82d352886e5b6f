namespace Portal.Infrastructure.Security;

public static class PortalClaims
{
    public const string Region = "portal:region";
}
