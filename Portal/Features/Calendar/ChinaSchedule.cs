namespace Portal.Features.Calendar;

// A holiday of a published schedule: the days off from First to Last (both included) and the weekend days worked for it.
public sealed record ScheduledHoliday(string Name, DateOnly First, DateOnly Last, params DateOnly[] MakeUpWorkdays);

// One year's schedule as the State Council published it. Only what differs from the weekday becomes a row: a day off
// that falls on a Saturday or Sunday needs none.
public sealed record PublishedSchedule(int Year, string Source, IReadOnlyList<ScheduledHoliday> Holidays)
{
    public IReadOnlyList<CalendarDay> Days()
    {
        var days = new List<CalendarDay>();
        foreach (var h in Holidays)
        {
            for (var d = h.First; d <= h.Last; d = d.AddDays(1))
            {
                if (!WorkingDays.IsWeekend(d)) days.Add(new CalendarDay(d, CalendarDayKind.Holiday, h.Name));
            }
            days.AddRange(h.MakeUpWorkdays.Select(d => new CalendarDay(d, CalendarDayKind.MakeUpWorkday, h.Name)));
        }
        return days.OrderBy(d => d.Date).ToList();
    }
}

// The State Council's yearly schedules (国务院办公厅关于部分节假日安排的通知) the portal ships. No package served
// here carries them with their make-up working days, so they are typed in from the notice; a year is added here
// once its notice is published, and the start-up seeder loads each year the database does not have yet.
// Administrators can correct any day at /staff/admin/calendar.
public static class ChinaSchedule
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    // 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04, https://www.gov.cn/zhengce/content/202511/content_7047090.htm
    public static readonly PublishedSchedule Year2026 = new(2026, "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
    [
        new("元旦", D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 4)),
        new("春节", D(2026, 2, 15), D(2026, 2, 23), D(2026, 2, 14), D(2026, 2, 28)),
        new("清明节", D(2026, 4, 4), D(2026, 4, 6)),
        new("劳动节", D(2026, 5, 1), D(2026, 5, 5), D(2026, 5, 9)),
        new("端午节", D(2026, 6, 19), D(2026, 6, 21)),
        new("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
        new("国庆节", D(2026, 10, 1), D(2026, 10, 7), D(2026, 9, 20), D(2026, 10, 10)),
    ]);

    // 2027 is not here: its notice could not be found in any source reachable when this was written. Until it is
    // added (here, or by an administrator), 2027 counts weekends only and the calendar page says so.
    public static IReadOnlyList<PublishedSchedule> All { get; } = [Year2026];
}
