using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components;
using Portal.Infrastructure;

namespace Portal.Tests.Components;

// Where an open staff window goes when its session ends: to the sign-in, with a way back to the page it showed.
public sealed class RedirectToSignInTests : BunitContext
{
    public RedirectToSignInTests() => Services.AddLocalization();

    [Fact]
    public void Redirect_FromACasePage_KeepsItsPathAsALocalReturnUrl()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/staff/objections/5?tab=2");

        Render<RedirectToSignIn>();

        var target = new Uri(navigation.Uri);
        Assert.Equal("/staff/login", target.AbsolutePath);
        var returnUrl = Uri.UnescapeDataString(target.Query["?ReturnUrl=".Length..]);
        Assert.Equal("/staff/objections/5?tab=2", LocalUrl.OrDefault(returnUrl, "/staff"));
    }
}
