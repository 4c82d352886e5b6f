using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Features.Statistics;

// The accountability panel as the API's "accountability" field and as /statistics/accountability.csv: the same rows,
// the same figures as the page.
public static class AccountabilityColumns
{
    public static IEnumerable<object> Api(IEnumerable<AccountabilityRow> rows) => rows.Select(a => new
    {
        a.TownshipCode, a.Name, a.NameEn, lane = a.Lane.ToString(), a.Received, a.Accepted, a.Upheld, a.EntriesCorrectedOrWithdrawn, a.Overdue,
        a.Extended, a.MedianWorkingDaysToReply, a.SatisfactionAnswers, satisfaction = a.Satisfaction,
    });

    public static IEnumerable<IEnumerable<string>> Csv(IStringLocalizer L, IEnumerable<AccountabilityRow> rows) =>
        rows.Select(a => (IEnumerable<string>)[a.Name, L[$"Accountability.Lane.{a.Lane}"], Num(a.Received), Num(a.Accepted), Num(a.Upheld),
                Num(a.EntriesCorrectedOrWithdrawn), Num(a.Overdue), Num(a.Extended),
                a.MedianWorkingDaysToReply?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", Num(a.SatisfactionAnswers), FollowUpColumns.Rate(L, a.Satisfaction)])
            .Prepend([L["Announcements.Township"], L["Accountability.Lane"], L["Accountability.Received"], L["Accountability.Accepted"], L["Accountability.Upheld"],
                L["Accountability.EntriesCorrectedOrWithdrawn"], L["Accountability.Overdue"], L["Accountability.Extended"], L["Accountability.MedianWorkingDays"],
                L["FollowUp.SatisfactionAnswers"], L["Accountability.Satisfaction"]]);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
