using Portal.Features.Households;

namespace Portal.Features.Announcements;

// Dynamic management (SPEC §2): a household's status changes only when the district notice of an Identification or
// Exit announcement listing it is finalized — the end of "two publicities, one notice". Pure; HouseholdStore writes
// what it decides.
public static class HouseholdLifecycle
{
    public static bool Decides(Announcement a) =>
        a.Stage == AnnouncementStage.DistrictNotice && a.Kind is AnnouncementKind.Identification or AnnouncementKind.Exit;

    // The status a finalized notice gives a listed household, or null when it changes nothing.
    public static HouseholdStatus? Next(AnnouncementKind kind, HouseholdStatus current, bool withdrawn) => (kind, current, withdrawn) switch
    {
        (AnnouncementKind.Identification, HouseholdStatus.Applicant, false) => HouseholdStatus.Identified,
        (AnnouncementKind.Identification, HouseholdStatus.Exited, false) => HouseholdStatus.Returned,
        // Withdrawn after an upheld objection: an identified household found ineligible is removed.
        (AnnouncementKind.Identification, HouseholdStatus.Identified, true) => HouseholdStatus.Removed,
        (AnnouncementKind.Exit, HouseholdStatus.Identified or HouseholdStatus.Returned, false) => HouseholdStatus.Exited,
        _ => null,
    };

    // Which households an announcement of the kind may list, by status.
    public static IReadOnlyList<HouseholdStatus> EligibleStatuses(AnnouncementKind kind) => kind switch
    {
        // New applicants, exited households that fell back, and identified ones up for re-verification.
        AnnouncementKind.Identification => [HouseholdStatus.Applicant, HouseholdStatus.Exited, HouseholdStatus.Identified],
        // Returned (返贫) households exit again like identified ones (Next).
        AnnouncementKind.Exit => [HouseholdStatus.Identified, HouseholdStatus.Returned],
        AnnouncementKind.AssistancePlan => [HouseholdStatus.Identified, HouseholdStatus.Returned],
        // The monitoring kinds' candidates come from their monitoring cases (MonitoringLifecycle), not a household status.
        _ => [],
    };
}
