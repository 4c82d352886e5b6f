using Portal.Features.Calendar;

namespace Portal.Tests.Features.Calendar;

// Deadlines over the 2026 State Council schedule: holidays do not count, 调休 Saturdays and Sundays do, and a year
// with no schedule counts weekends only and says so.
public sealed class WorkingDaysTests
{
    private static readonly WorkingDays Calendar = new([2026], ChinaSchedule.Year2026.Days());

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void AddWorkingDays_TwoAfterTheDayBeforeNationalDay2026_IsFridayOctober9()
    {
        // 10-01 to 10-07 are off; Thursday 10-08 is the first working day, Friday 10-09 the second.
        Assert.Equal(D(2026, 10, 9), Calendar.AddWorkingDays(D(2026, 9, 30), 2));
    }

    [Fact]
    public void AddWorkingDays_ThreeAfterTheDayBeforeNationalDay2026_IsTheMakeUpSaturdayOctober10()
    {
        Assert.Equal(D(2026, 10, 10), Calendar.AddWorkingDays(D(2026, 9, 30), 3));
        Assert.Equal(D(2026, 10, 12), Calendar.AddWorkingDays(D(2026, 9, 30), 4));
    }

    [Fact]
    public void AddWorkingDays_AcrossSpringFestival2026_CountsTheMakeUpSaturdayAndSkipsTheHoliday()
    {
        // Saturday 02-14 is worked; Sunday 02-15 to Monday 02-23 are off.
        Assert.Equal(D(2026, 2, 14), Calendar.AddWorkingDays(D(2026, 2, 13), 1));
        Assert.Equal(D(2026, 2, 24), Calendar.AddWorkingDays(D(2026, 2, 14), 1));
    }

    [Theory]
    [InlineData("2026-02-14", true)]   // Saturday, 春节 make-up day
    [InlineData("2026-02-28", true)]   // Saturday, 春节 make-up day
    [InlineData("2026-01-04", true)]   // Sunday, 元旦 make-up day
    [InlineData("2026-09-20", true)]   // Sunday, 国庆节 make-up day
    [InlineData("2026-02-16", false)]  // Monday, 春节
    [InlineData("2026-02-21", false)]  // an ordinary Saturday inside 春节
    [InlineData("2026-05-05", false)]  // Tuesday, 劳动节
    [InlineData("2026-06-19", false)]  // Friday, 端午节
    [InlineData("2026-10-08", true)]   // Thursday after 国庆节
    [InlineData("2026-10-17", false)]  // an ordinary Saturday
    public void IsWorkingDay_In2026_FollowsTheStateCouncilSchedule(string date, bool working)
    {
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Fact]
    public void End_FiveUnitPeriodStartingMonday2026_09_28_EndsOnOctober2InCalendarDaysAndOctober9InWorkingDays()
    {
        var start = D(2026, 9, 28);

        Assert.Equal(D(2026, 10, 2), Calendar.End(start, 5, PeriodUnit.CalendarDays));
        // 09-28, 09-29, 09-30, then the holiday, then 10-08 and 10-09.
        Assert.Equal(D(2026, 10, 9), Calendar.End(start, 5, PeriodUnit.WorkingDays));
        Assert.Equal(5, Calendar.Length(start, D(2026, 10, 9), PeriodUnit.WorkingDays));
        Assert.Equal(12, Calendar.Length(start, D(2026, 10, 9), PeriodUnit.CalendarDays));
    }

    [Fact]
    public void End_OneWorkingDayStartingOnTheMakeUpSaturday_IsThatSaturday()
    {
        Assert.Equal(D(2026, 10, 10), Calendar.End(D(2026, 10, 10), 1, PeriodUnit.WorkingDays));
        // A period starting on a holiday begins on the next working day.
        Assert.Equal(D(2026, 10, 8), Calendar.End(D(2026, 10, 1), 1, PeriodUnit.WorkingDays));
    }

    [Fact]
    public void Due_TwoUnitsAfterSeptember30_DoesNotCountTheStartDay()
    {
        Assert.Equal(D(2026, 10, 2), Calendar.Due(D(2026, 9, 30), 2, PeriodUnit.CalendarDays));
        Assert.Equal(D(2026, 10, 9), Calendar.Due(D(2026, 9, 30), 2, PeriodUnit.WorkingDays));
    }

    [Fact]
    public void WorkingDaysBetween_IsTheInverseOfAddWorkingDaysAndNegativeWhenOverdue()
    {
        var start = D(2026, 9, 18);
        for (var n = 0; n <= 30; n++) Assert.Equal(n, Calendar.WorkingDaysBetween(start, Calendar.AddWorkingDays(start, n)));
        Assert.Equal(-2, Calendar.WorkingDaysBetween(D(2026, 10, 9), D(2026, 9, 30)));
    }

    [Fact]
    public void YearWithNoSchedule_CountsWeekendsOnlyAndIsReportedAsFallback()
    {
        Assert.True(Calendar.HasYear(2026));
        Assert.False(Calendar.IsFallback(2026));
        Assert.True(Calendar.IsFallback(2030));
        Assert.Equal([2026], Calendar.CoveredYears);
        // 2030-01-01 is a Tuesday: with no schedule for 2030 it counts as a working day.
        Assert.True(Calendar.IsWorkingDay(D(2030, 1, 1)));
        Assert.Equal(D(2030, 1, 1), Calendar.AddWorkingDays(D(2029, 12, 31), 1));
        Assert.Equal(D(2030, 1, 7), Calendar.AddWorkingDays(D(2030, 1, 3), 2));
        Assert.Equal([2029, 2030], Calendar.FallbackYears(D(2029, 12, 30), D(2030, 1, 5)));
        Assert.Empty(Calendar.FallbackYears(D(2026, 9, 30), D(2026, 10, 9)));
    }

    [Fact]
    public void Schedule2026_HasNineteenWeekdayHolidaysAndSixMakeUpDays_EachOneAnAdministratorCouldEnter()
    {
        var days = ChinaSchedule.Year2026.Days();

        Assert.Equal(19, days.Count(d => d.Kind == CalendarDayKind.Holiday));
        Assert.Equal(
            [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
            days.Where(d => d.Kind == CalendarDayKind.MakeUpWorkday).Select(d => d.Date));
        Assert.All(days, d => Assert.True(CalendarDayRules.Check(d.Date, d.Kind, d.Name).IsAllowed, d.ToString()));
        Assert.All(days, d => Assert.Equal(2026, d.Date.Year));
    }

    [Theory]
    [InlineData("2026-10-10", CalendarDayKind.Holiday, "国庆节", "kind", "Calendar.HolidayOnWeekend")]
    [InlineData("2026-10-08", CalendarDayKind.MakeUpWorkday, "国庆节", "kind", "Calendar.MakeUpOnWeekday")]
    [InlineData("2026-10-08", (CalendarDayKind)7, "国庆节", "kind", "Calendar.KindInvalid")]
    [InlineData("1999-12-31", CalendarDayKind.Holiday, "元旦", "date", "Calendar.DateOutOfRange")]
    [InlineData("2101-01-03", CalendarDayKind.MakeUpWorkday, "元旦", "date", "Calendar.DateOutOfRange")]
    [InlineData("2026-10-08", CalendarDayKind.Holiday, " ", "name", "Calendar.NameRequired")]
    [InlineData("2026-10-08", CalendarDayKind.Holiday, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", "name", "Calendar.NameTooLong")]
    [InlineData("2026-10-08", CalendarDayKind.Holiday, "国庆\n节", "name", "Calendar.NameOneLine")]
    public void Check_ImpossibleDay_IsRefusedNamingTheField(string date, CalendarDayKind kind, string name, string field, string rule)
    {
        var result = CalendarDayRules.Check(DateOnly.Parse(date), kind, name);

        Assert.Equal(rule, result.Rule);
        Assert.Equal(field, result.Field);
    }

    [Fact]
    public void Check_NoDate_IsRefusedNamingTheDate()
    {
        Assert.Equal("date", CalendarDayRules.Check(null, CalendarDayKind.Holiday, "元旦").Field);
    }
}
