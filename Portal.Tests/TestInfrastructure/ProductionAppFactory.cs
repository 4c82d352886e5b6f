using Microsoft.AspNetCore.Hosting;

namespace Portal.Tests.TestInfrastructure;

// The portal as it runs in Production: no demo seeding, HSTS, __Host- cookies, the generic error page.
public sealed class ProductionAppFactory : PortalAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}
