namespace Portal.Features.Calendar;

// The unit a rule states its period or deadline in.
public enum PeriodUnit
{
    CalendarDays,
    WorkingDays,
}

// Which dates are working days, from the exceptional dates of the loaded years: Monday to Friday work, Saturday and
// Sunday do not, except a Holiday (a weekday off) and a MakeUpWorkday (a weekend day worked, 调休). A year with no
// schedule loaded counts weekends only; IsFallback says so, and a page showing a deadline in such a year should too.
//
// Two ways of counting, both over local dates in Asia/Shanghai, each ending at 24:00 of its last day (Period.EndsAt):
// - a deadline "n working days after" a day (Due, AddWorkingDays): that day does not count; the deadline is the n-th
//   working day after it. A report received on Wednesday 2026-09-30 with 2 working days to visit is due at the end of
//   Friday 2026-10-09 (10-01 to 10-07 are the National Day holiday, 10-08 and 10-09 are the two days).
// - a period "of n units" starting on a day (End, Length): the start day counts when it is a working day, as a
//   7-calendar-day publicity starting on the 1st ends on the 7th.
public sealed class WorkingDays
{
    // Far more than any rule needs; keeps a mistyped count from walking for ever.
    public const int MaxCount = 3660;

    private readonly Dictionary<DateOnly, CalendarDay> days;
    private readonly SortedSet<int> years;

    public WorkingDays(IEnumerable<int> coveredYears, IEnumerable<CalendarDay> exceptionalDays)
    {
        years = [.. coveredYears];
        days = exceptionalDays.ToDictionary(d => d.Date);
    }

    public static WorkingDays WeekendsOnly { get; } = new([], []);

    public IReadOnlyCollection<int> CoveredYears => years;

    public IReadOnlyCollection<CalendarDay> ExceptionalDays => days.Values;

    public bool HasYear(int year) => years.Contains(year);

    public bool IsFallback(int year) => !HasYear(year);

    // The years between two dates (both included) that count weekends only.
    public IReadOnlyList<int> FallbackYears(DateOnly from, DateOnly to)
    {
        var (first, last) = from <= to ? (from.Year, to.Year) : (to.Year, from.Year);
        return Enumerable.Range(first, last - first + 1).Where(IsFallback).ToList();
    }

    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public CalendarDay? Exception(DateOnly date) => days.GetValueOrDefault(date);

    public bool IsWorkingDay(DateOnly date) => days.TryGetValue(date, out var day)
        ? day.Kind == CalendarDayKind.MakeUpWorkday
        : !IsWeekend(date);

    // The n-th working day after start (start itself never counts); n = 0 is start.
    public DateOnly AddWorkingDays(DateOnly start, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, MaxCount);
        var day = start;
        while (n > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) n--;
        }
        return day;
    }

    // The working days after from up to and including to; negative when to comes before from, so that
    // WorkingDaysBetween(s, AddWorkingDays(s, n)) == n and an overdue deadline reads as a negative count.
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from) return -WorkingDaysBetween(to, from);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day)) count++;
        }
        return count;
    }

    // The deadline day of "count units after from": from does not count.
    public DateOnly Due(DateOnly from, int count, PeriodUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return unit == PeriodUnit.WorkingDays ? AddWorkingDays(from, count) : from.AddDays(count);
    }

    // The last day of a period of count units that starts on start: start counts (when it is a working day).
    public DateOnly End(DateOnly start, int count, PeriodUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return unit == PeriodUnit.WorkingDays ? AddWorkingDays(start.AddDays(-1), count) : start.AddDays(count - 1);
    }

    // How many units the period from start to end (both included) lasts: what a minimum period is checked against.
    public int Length(DateOnly start, DateOnly end, PeriodUnit unit) =>
        unit == PeriodUnit.WorkingDays ? WorkingDaysBetween(start.AddDays(-1), end) : end.DayNumber - start.DayNumber + 1;
}
