#:project ../../../Portal/Portal.csproj
#:property PublishAot=false
// The staff budgets of the scale benchmark (issue 18), run by scale.sh as a file-based program against its database:
//   dotnet run Portal.Tests/Benchmarks/staff/staff.cs -- [--database scale.db]
// Times what each staff page asks the database, through the portal's own stores (the household list and its search at
// the first page and halfway down, the audit list with and without filters, at the newest and halfway down,
// the workbench): p95 of 50 calls after 5 warm-ups, printed as "what<TAB>ms", one line each. The Blazor rendering of
// a page of 25 or 50 rows is not in the figure.
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

var database = args is ["--database", var file] ? file : null;
if (CommandHost.Build(database) is not { } host)
{
    Console.Error.WriteLine("Usage: staff.cs [--database <file.db>]");
    return 2;
}
await using var app = host.App;
await app.Services.GetRequiredService<Migrator>().MigrateAsync();
var households = app.Services.GetRequiredService<HouseholdStore>();
var audit = app.Services.GetRequiredService<AuditLog>();
var review = app.Services.GetRequiredService<ReviewStore>();
var announcements = app.Services.GetRequiredService<AnnouncementStore>();
var db = app.Services.GetRequiredService<DbConnectionFactory>();

// Deep cursors, read once (slowly, by offset) from the middle of each list.
await using (var c = await db.OpenAsync())
{
    var middle = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Household") / 2;
    deep = await c.QuerySingleAsync<HouseholdListItem>(db.Dialect.Page("""
        SELECT h.Id, h.GroupCode, '' AS GroupName, h.VillageCode, '' AS VillageName, h.TownshipCode, h.HeadName
          FROM Household h ORDER BY h.TownshipCode, h.VillageCode, h.GroupCode, h.HeadName, h.Id
        """), new { skip = middle, take = 1 });
    deepEvent = await c.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM AuditEvent") / 2;
    name = await c.ExecuteScalarAsync<string>(db.Dialect.Page("SELECT HeadName FROM Household ORDER BY Id"), new { skip = middle, take = 1 }) ?? "";
}
var district = RegionScope.Of("511903000000");
var reviewer = new StaffActor(0, "benchmark", StaffRole.DistrictReviewer, district);

await Time("household list, first page", () => households.SearchInScopeAsync(new HouseholdQuery(), district));
await Time("household list, halfway down", () => households.SearchInScopeAsync(new HouseholdQuery(After: deep), district));
await Time($"household search \"{name}\", first page", () => households.SearchInScopeAsync(new HouseholdQuery(Name: name), district));
await Time($"household search \"{name[..1]}\" (a surname), first page", () => households.SearchInScopeAsync(new HouseholdQuery(Name: name[..1]), district));
await Time("audit list, newest", () => audit.SearchAsync(new AuditQuery()));
await Time("audit list, halfway down", () => audit.SearchAsync(new AuditQuery(Before: deepEvent)));
await Time("audit list, kind SignInFailed, halfway down", () => audit.SearchAsync(new AuditQuery(Kind: "SignInFailed", Before: deepEvent)));
await Time("audit list, actor admin and kind SignInSucceeded", () => audit.SearchAsync(new AuditQuery(Kind: "SignInSucceeded", Actor: "admin")));
await Time("workbench (open cases and drafts, district reviewer)", async () =>
{
    await review.OpenCasesAsync(reviewer);
    await announcements.SearchForStaffAsync(new AnnouncementQuery(Status: AnnouncementStatus.Draft, PageSize: 1), reviewer);
});
return 0;

static async Task Time(string what, Func<Task> call)
{
    for (var i = 0; i < 5; i++) await call();
    var times = new List<double>();
    for (var i = 0; i < 50; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{what}\t{times[47]:F1}");
}

partial class Program
{
    static HouseholdListItem deep = default!;
    static long deepEvent;
    static string name = "";
}
