using Microsoft.Extensions.Localization;
using Portal.Features.Calendar;

namespace Portal.Features.Households.Staff;

// Where a monitoring case stands, as staff read it: its 15-day clock while proposed, then its inclusion, then its follow-up.
public static class MonitoringText
{
    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Clock(this IStringLocalizer L, DecisionClock clock) =>
        clock.Overdue ? L["Monitoring.Overdue", -clock.DaysLeft, Day(clock.Due)] : L["Monitoring.DaysLeft", clock.DaysLeft, Day(clock.Due)];

    public static string Progress(this IStringLocalizer L, MonitoringCase c, DateOnly today, WorkingDays calendar)
    {
        if (c.Status == MonitoringStatus.Proposed) return L.Clock(MonitoringRules.Clock(c.FirstClueDate, today, calendar));
        if (c.FollowUpDoneDate is { } done) return L["Monitoring.FollowUpDoneOn", Day(done)];
        if (c.FollowUpDue is { } due) return L["Monitoring.FollowUpDue", Day(due)];
        return c.IncludedDate is { } included ? L["Monitoring.IncludedOn", Day(included)] : "";
    }
}
