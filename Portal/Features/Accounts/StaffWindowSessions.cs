using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Features.Accounts;

// An open staff window (a Blazor circuit) keeps the user it was opened with; this checks that user's session again every
// half minute, and when it has ended the window turns signed out, which sends it to the sign-in page.
public sealed class StaffSessionStateProvider(ILoggerFactory loggers, StaffSessions sessions) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    // A check, not activity: a window left open does not keep its session alive.
    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        sessions.IsLiveAsync(state.User, activity: false, ct);

    public void SignOutWindow() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
}

// Before the window runs anything its browser sends (a click, a change, a navigation), the session it was opened with
// must still be live; that counts as activity for the idle time. An event for an ended session is dropped, not run,
// and the window turns signed out at once.
public sealed class StaffSessionCircuitHandler(AuthenticationStateProvider authentication, StaffSessions sessions) : CircuitHandler
{
    private ClaimsPrincipal? openedBy;
    private bool ended;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (await MayRunAsync()) await next(context);
        };

    private async Task<bool> MayRunAsync()
    {
        openedBy ??= (await authentication.GetAuthenticationStateAsync()).User;
        // A window opened without a staff session (a public or sign-in page) has nothing to end.
        if (openedBy.FindFirst(StaffSessions.Claim) is null) return true;
        if (!ended && await sessions.IsLiveAsync(openedBy, activity: true)) return true;
        ended = true;
        (authentication as StaffSessionStateProvider)?.SignOutWindow();
        return false;
    }
}
