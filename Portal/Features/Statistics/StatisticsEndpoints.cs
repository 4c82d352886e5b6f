using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Portal.Features.Households;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Statistics;

public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/statistics", async (DistrictStatistics statistics, HttpContext http) =>
        {
            var r = await statistics.ReportAsync(http.RequestAborted);
            return Results.Ok(new
            {
                householdsByTownship = r.HouseholdsByTownship.Select(t => new { t.TownshipCode, t.Name, byStatus = t.ByStatus.ToDictionary(s => s.Key.ToString(), s => s.Value), t.Total }),
                causes = r.Causes.ToDictionary(c => c.Key.ToString(), c => c.Value),
                exitsByYear = r.ExitsByYear,
                assistanceByKind = r.Assistance.Select(a => new { kind = a.Kind.ToString(), measures = a.Measures, funds = a.Funds }),
                objectionsByTownship = r.Objections,
                accountability = AccountabilityColumns.Api(r.Accountability),
            });
        }).AllowAnonymous().CachePublic();

        app.MapGet("/statistics/{dataset}.csv", async (string dataset, DistrictStatistics statistics, IStringLocalizer<SharedResource> L, HttpContext http) =>
        {
            var r = await statistics.ReportAsync(http.RequestAborted);
            IEnumerable<IEnumerable<string>>? rows = dataset switch
            {
                "households" => r.HouseholdsByTownship.Select(t => new[] { t.Name }.Concat(Enum.GetValues<HouseholdStatus>().Select(s => Num(t.ByStatus[s]))).Append(Num(t.Total)))
                    .Prepend(new[] { L["Announcements.Township"].Value }.Concat(Enum.GetValues<HouseholdStatus>().Select(s => L.Enum(s))).Append(L["Statistics.Total"].Value)),
                "causes" => r.Causes.Select(c => new[] { L.Enum(c.Key), Num(c.Value) }).Prepend([L["Households.Cause"], L["Statistics.Value"]]),
                "exits" => r.ExitsByYear.Select(e => new[] { e.Key.ToString(CultureInfo.InvariantCulture), Num(e.Value) }).Prepend([L["Announcements.Year"], L["Statistics.Value"]]),
                "assistance" => r.Assistance.Select(a => new[] { L.Enum(a.Kind), Num(a.Measures), a.Funds.ToString("0.00", CultureInfo.InvariantCulture) })
                    .Prepend([L["EntryField.Measures"], L["Village.MeasureCount"], L["EntryField.Amount"]]),
                "objections" => r.Objections.Select(t => new[] { t.Name, Num(t.Received), t.UpheldShare?.ToString("0.000", CultureInfo.InvariantCulture) ?? "",
                        t.MedianDaysToReply?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", Num(t.Overdue) }.Concat(FollowUpColumns.Cells(L, t.FollowUp)))
                    .Prepend(new[] { L["Announcements.Township"].Value, L["Statistics.Received"], L["Statistics.UpheldShare"], L["Statistics.MedianDays"], L["Statistics.Overdue"] }
                        .Concat(FollowUpColumns.Headers(L))),
                "accountability" => AccountabilityColumns.Csv(L, r.Accountability),
                _ => null,
            };
            return rows is null ? Results.NotFound() : CsvFile.Result(rows, $"{dataset}.csv");
        }).AllowAnonymous().CachePublic();
        return app;
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
