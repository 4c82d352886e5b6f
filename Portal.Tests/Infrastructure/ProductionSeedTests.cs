using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Regions;
using Portal.Features.Staff;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class ProductionSeedTests
{
    private sealed class ProductionApp : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    [Fact]
    public async Task Production_EvenWithDemoSeedOn_SeedsNoStaffAndNoDistrict()
    {
        await using var app = new ProductionApp();

        var health = await app.CreateClient().GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.True(health.IsSuccessStatusCode);
        Assert.Equal(0, await app.Services.GetRequiredService<StaffUserStore>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await app.Services.GetRequiredService<RegionStore>().AllAsync(TestContext.Current.CancellationToken));
    }
}
