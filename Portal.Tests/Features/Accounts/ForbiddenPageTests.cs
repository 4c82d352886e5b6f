using System.Net;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// A page the signed-in account may not open says so, instead of claiming the page does not exist.
public sealed class ForbiddenPageTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClerkOpeningTheAccountsPage_Gets403SayingTheAccountMayNotOpenIt()
    {
        var clerk = await StaffClient.SignInAsync(app, "guihua.clerk");

        var response = await clerk.GetAsync("/staff/admin/users", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("您的账号无权打开此页面", html);
        Assert.DoesNotContain("页面不存在", html);
    }
}
