using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Review;

namespace Portal.Tests.TestInfrastructure;

// Review:Lanes as a test states it: the administrative lane's acceptance, reply and both appeal windows in one unit.
public static class LaneTestOptions
{
    public static PeriodSetting Period(int count, PeriodUnit unit) => new() { Count = count, Unit = unit.ToString() };

    // The portal bound its options once: a test that checks the mechanics with the earlier defaults (3, 15 and 7
    // calendar days) states them on the bound object, as the configuration would.
    public static void UseEarlierDays(ReviewWorkflow workflow) =>
        workflow.Options.Lanes.Administrative = Administrative(3, 15, 7, PeriodUnit.CalendarDays).Lanes.Administrative;

    public static ReviewOptions Administrative(int acceptance, int reply, int appeal, PeriodUnit unit)
    {
        var options = new ReviewOptions();
        var a = options.Lanes.Administrative;
        (a.Acceptance, a.Reply, a.FirstAppeal, a.SecondAppeal) = (Period(acceptance, unit), Period(reply, unit), Period(appeal, unit), Period(appeal, unit));
        return options;
    }
}
