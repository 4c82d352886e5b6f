using Portal.Features.Announcements;

namespace Portal.Features.Households;

// Dynamic management (SPEC §2): a household's status changes only when the district notice of an Identification or
// Exit announcement listing it is finalized — the end of "two publicities, one notice". Pure.
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
}
