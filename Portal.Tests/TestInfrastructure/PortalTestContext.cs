using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Infrastructure.Security;

namespace Portal.Tests.TestInfrastructure;

// bUnit context for the interactive staff components: MudBlazor with transitions off, loose JS interop,
// localization, a signed-in user, and the real stores over a SQLite file.
public abstract class PortalTestContext : BunitContext
{
    protected PortalTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(TimeProvider.System);
    }

    // Whatever a component injects and this context does not register comes from the database's container, which the
    // feature modules built.
    protected void UseDatabase(TestDatabase database) => Services.AddFallbackServiceProvider(database.Services);

    protected void SignIn(string userName, string role, string? regionCode)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles(role);
        if (regionCode is not null) auth.SetClaims(new Claim(PortalClaims.Region, regionCode));
    }

    protected IRenderedComponent<MudPopoverProvider> RenderProviders() => Render<MudPopoverProvider>();
}
