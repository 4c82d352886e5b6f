using Portal.Features.Announcements;
using Portal.Features.Calendar;
using Portal.Features.Review;

namespace Portal.Tests.TestInfrastructure;

// Review:Lanes as a test states it: the administrative lane's acceptance, reply and both appeal windows in one unit.
public static class LaneTestOptions
{
    public static PeriodSetting Period(int count, PeriodUnit unit) => new() { Count = count, Unit = unit.ToString() };

    public static ReviewOptions Administrative(int acceptance, int reply, int appeal, PeriodUnit unit)
    {
        var options = new ReviewOptions();
        var a = options.Lanes.Administrative;
        (a.Acceptance, a.Reply, a.FirstAppeal, a.SecondAppeal) = (Period(acceptance, unit), Period(reply, unit), Period(appeal, unit), Period(appeal, unit));
        return options;
    }
}
