using Portal.Features.Accounts;
using Portal.Infrastructure;

namespace Portal.Features.Calendar;

public enum CalendarDayKind
{
    // A Monday to Friday off (a public holiday or a day moved into one).
    Holiday,

    // A Saturday or Sunday worked (调休).
    MakeUpWorkday,
}

// A date that is not what its weekday says.
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name);

// A year whose schedule is loaded, and where it came from.
public sealed record CalendarYear(int Year, string Source, DateTime LoadedUtc);

// What an administrator may enter as an exceptional date.
public static class CalendarDayRules
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int NameLength = 40;

    public static RuleResult CanEdit(StaffActor actor) =>
        actor.Role == StaffRole.Administrator ? RuleResult.Allowed : RuleResult.Refuse("Calendar.AdministratorsOnly");

    public static RuleResult Check(DateOnly? date, CalendarDayKind kind, string? name)
    {
        if (date is not { } day) return RuleResult.RefuseField("date", "Calendar.DateRequired");
        if (day.Year is < FirstYear or > LastYear) return RuleResult.RefuseField("date", "Calendar.DateOutOfRange", FirstYear, LastYear);
        if (!Enum.IsDefined(kind)) return RuleResult.RefuseField("kind", "Calendar.KindInvalid");
        if (string.IsNullOrWhiteSpace(name)) return RuleResult.RefuseField("name", "Calendar.NameRequired");
        if (name.Trim().Length > NameLength) return RuleResult.RefuseField("name", "Calendar.NameTooLong", NameLength);
        if (name.Any(char.IsControl)) return RuleResult.RefuseField("name", "Calendar.NameOneLine");
        var weekend = WorkingDays.IsWeekend(day);
        if (kind == CalendarDayKind.Holiday && weekend) return RuleResult.RefuseField("kind", "Calendar.HolidayOnWeekend", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (kind == CalendarDayKind.MakeUpWorkday && !weekend) return RuleResult.RefuseField("kind", "Calendar.MakeUpOnWeekday", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return RuleResult.Allowed;
    }
}
