using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Reports;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Reports;

public static class ReportTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Village => DemoDistrict.Townships[0].Villages[0].Code;

    public static string UniqueText() => $"户主因病住院，医药费负担很重，收入骤减。编号{Guid.NewGuid():N}";

    public static object Body(string? text = null, string kind = "AtRisk", string? village = null) => new
    {
        village = village ?? Village,
        kind,
        subject = "王德全",
        text = text ?? UniqueText(),
        anonymous = true,
        consent = true,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, object body) => client.PostAsJsonAsync("/api/v1/reports", body, Ct);

    public static async Task<SubmittedReport> SubmitAsync(IServiceProvider services, string? text = null, string subject = "王德全") =>
        (await services.GetRequiredService<ReportIntake>().SubmitAsync(
            new ReportSubmission(Village, ReportKind.AtRisk, subject, text ?? UniqueText(), true, null, null, true), null, Ct)).Accepted!;

    // The same from a running portal: it creates and seeds its database when it starts, so it is started first (a test
    // that runs alone would otherwise find no file).
    public static (long Id, string HeadName) FreeHousehold(PortalAppFactory app, string? village = null) =>
        FreeHousehold(app.Services.GetRequiredService<Portal.Infrastructure.Data.DbConnectionFactory>(), village);

    // A household of the village with no open monitoring case (none has one opened by another test of the same database).
    public static (long Id, string HeadName) FreeHousehold(Portal.Infrastructure.Data.DbConnectionFactory db, string? village = null)
    {
        using var c = db.Open();
        var found = Dapper.SqlMapper.Query<(long Id, string HeadName)>(c, """
            SELECT Id, HeadName FROM Household
             WHERE VillageCode = @v AND Status <> 'Removed'
               AND Id NOT IN (SELECT HouseholdId FROM MonitoringCase WHERE Status IN ('Proposed', 'Monitored'))
             ORDER BY Id LIMIT 1
            """, new { v = village ?? Village }).ToList();
        Assert.True(found.Count == 1, "a household with no open monitoring case");
        return found[0];
    }

    // A report of the village received at receivedUtc and visited by the reviewer, as the store reads it now.
    public static async Task<ReportRow> VisitedReportAsync(ReportStore store, StaffActor reviewer, string village, string subject, DateTime receivedUtc)
    {
        var (id, _) = await store.AddAsync(new NewReport(village, ReportKind.AtRisk, subject, UniqueText(), true, null,
            Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), Portal.Features.Regions.RegionScope.TownshipOf(village), receivedUtc), Ct);
        var row = (await store.GetAsync(id, reviewer, Ct))!.Report;
        Assert.True((await store.ActAsync(id, row.Concurrency, ReportAction.Visit, reviewer, "已入户", ct: Ct)).IsAllowed);
        return (await store.GetAsync(id, reviewer, Ct))!.Report;
    }

    public static async Task<StaffActor> ActorAsync(IServiceProvider services, string user) =>
        (await services.GetRequiredService<StaffUserStore>().FindAsync(user, Ct))!.Actor;

    public static async Task<RuleResult> ActAsync(IServiceProvider services, long id, ReportAction action, string user, string? text = null, long? concurrency = null,
        ReportInclusion? inclusion = null)
    {
        var store = services.GetRequiredService<ReportStore>();
        var actor = await ActorAsync(services, user);
        var current = concurrency ?? (await store.GetAsync(id, await ActorAsync(services, "yuxi.reviewer"), Ct))!.Report.Concurrency;
        return await store.ActAsync(id, current, action, actor, text, inclusion, Ct);
    }
}
