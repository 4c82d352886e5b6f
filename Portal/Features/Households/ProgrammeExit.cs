using Portal.Infrastructure;

namespace Portal.Features.Households;

// When a household left the programme (Exited, or Removed after an upheld objection): its encrypted ID and phone numbers
// are kept Retention:HouseholdYears from then. Set by the finalized notice that moves it out (HouseholdStore's status
// change), cleared when it returns. Pure.
public static class ProgrammeExit
{
    public static bool IsOut(HouseholdStatus status) => status is HouseholdStatus.Exited or HouseholdStatus.Removed;

    // A household that comes in already out (an import, the demo) left at the latest at the end of its exit year
    // (24:00 Asia/Shanghai of 31 December), and no later than it came in; null while it is in the programme.
    public static DateTime? LeftUtc(HouseholdStatus status, int? exitYear, DateTimeOffset now)
    {
        if (!IsOut(status)) return null;
        if (status != HouseholdStatus.Exited || exitYear is not { } year || year < 1 || year > 9998) return now.UtcDateTime;
        var endOfYear = ShanghaiTime.StartOf(new DateOnly(year + 1, 1, 1));
        return endOfYear < now ? endOfYear.UtcDateTime : now.UtcDateTime;
    }
}
