using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Infrastructure;

namespace Portal.Features.Accounts;

public static class AccountsModule
{
    // Where the staff layout\'s sign-out form posts.
    public const string LogoutUrl = "/staff/logout";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<TwoFactorOptions>(TwoFactorOptions.Section);
        services.AddSingleton<StaffUserStore>();
        services.AddSingleton<TwoFactorStore>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<StaffSignIn>();
        services.AddSingleton<StaffAdministration>();
        services.AddScoped<AuthenticationStateProvider, StaffSessionStateProvider>();
        services.AddScoped<CircuitHandler, StaffSessionCircuitHandler>();
        var authorization = services.AddAuthorizationBuilder();
        foreach (var (name, roles) in StaffPolicies.Roles) authorization.AddPolicy(name, p => p.RequireRole(roles.Select(r => r.ToString())));
        return builder;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LogoutUrl, (Delegate)SignOut).RequireAuthorization(StaffPolicies.Staff).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    // Every request with a staff cookie: the session it names must still be live (not signed out, not idle, the account
    // active and unchanged); otherwise the request is anonymous and the cookie is deleted.
    public static async Task ValidateStaffSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (context.Principal is { } user && await sessions.IsLiveAsync(user, activity: true, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    // UseAntiforgery has checked the token (the endpoint's metadata asks it to); a post from elsewhere signs no one out.
    private static async Task<IResult> SignOut(HttpContext http, StaffSessions sessions)
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true }) return Results.Problem(statusCode: StatusCodes.Status400BadRequest);
        await sessions.EndAsync(http.User, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/");
    }
}
