using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Audit;
using Portal.Tests.TestInfrastructure;

using Portal.Features.Audit.Staff;

namespace Portal.Tests.Features.Audit;

// Staff read the audit trail in words and Beijing time, not as raw event kinds, JSON and UTC.
public sealed class StaffAuditLogTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();

    public async ValueTask InitializeAsync()
    {
        await database.MigrateAsync();
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero));
        await database.Audit.AppendAsync("StaffUserDeactivated", "admin", "staff:7", new { active = false }, Xunit.TestContext.Current.CancellationToken);
        await database.Audit.AppendAsync("ObjectionDecide", "yuxi.reviewer", "objection:恩阳-2026-000001",
            new { from = "UnderInvestigation", to = "Decided", outcome = "Upheld" }, Xunit.TestContext.Current.CancellationToken);
        Services.AddSingleton(database.Audit);
        Services.AddTransient<MudBlazor.MudLocalizer, Portal.Components.PortalMudLocalizer>();
        SignIn("admin", "Administrator", "511903000000");
    }

    public new async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public void AuditList_ShowsKindsAndFieldsInWords_AndBeijingTime()
    {
        RenderProviders();
        var page = Render<StaffAuditLog>();

        page.WaitForAssertion(() => Assert.Contains("停用账号", page.Markup));
        Assert.Contains("作出处理决定", page.Markup);
        Assert.Contains("处理决定：", page.Markup);
        Assert.Contains("启用：", page.Markup);
        Assert.Contains("2026-12-02 01:30", page.Markup);
        Assert.DoesNotContain("{&quot;", page.Markup);
        Assert.DoesNotContain("17:30:00Z", page.Markup);
        // MudBlazor's own pager labels speak Chinese too.
        Assert.Contains("下一页", page.Markup);
        Assert.DoesNotContain("Next page", page.Markup);
    }

    [Fact]
    public void Words_UnknownKindOrField_ShowAsStored_AndBrokenDataIsShownNotThrown()
    {
        var L = new Microsoft.Extensions.Localization.StringLocalizer<Portal.Resources.SharedResource>(
            new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
                Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
                Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));

        Assert.Equal("SomethingNew", AuditWords.Kind(L, "SomethingNew"));
        Assert.Equal([("brandNew", "1")], AuditWords.Fields(L, "{\"brandNew\":1}").ToList());
        Assert.Single(AuditWords.Fields(L, "not json"));
        Assert.Empty(AuditWords.Fields(L, null));
    }
}
