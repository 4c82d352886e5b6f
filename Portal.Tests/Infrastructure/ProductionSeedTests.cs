using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class ProductionSeedTests
{

    [Fact]
    public async Task Production_EvenWithDemoSeedOn_SeedsNoStaffAndNoDistrict()
    {
        await using var app = new ProductionAppFactory();

        var health = await app.CreateClient().GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.True(health.IsSuccessStatusCode);
        Assert.Equal(0, await app.Services.GetRequiredService<StaffUserStore>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await app.Services.GetRequiredService<RegionStore>().AllAsync(TestContext.Current.CancellationToken));
    }
}
