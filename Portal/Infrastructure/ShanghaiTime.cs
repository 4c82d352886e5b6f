namespace Portal.Infrastructure;

// The portal's one clock face: every date and time a resident or staff member reads, every period and deadline, is
// Asia/Shanghai (Beijing time), whatever the server's own zone.
public static class ShanghaiTime
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToLocal(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone);

    public static DateTimeOffset ToLocal(DateTime utc) => ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    // The calendar date in Shanghai at that moment.
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ToLocal(now).DateTime);

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc).DateTime);

    // 00:00 of the date in Shanghai.
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    // A moment as staff and residents read it: to the minute.
    public static string Format(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm");

    // The day of a moment, as people read it.
    public static string FormatDate(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // The last day of a deadline and its 24:00, as people say it.
    public static string Deadline(DateTimeOffset endsAt) => ToLocal(endsAt).AddDays(-1).ToString("yyyy-MM-dd") + " 24:00";

    // Debian and the .NET images carry tzdata; a machine without it still runs on Beijing time, which has had no
    // daylight saving since 1991.
    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
