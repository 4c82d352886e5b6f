namespace Portal.Features.Accounts;

// Who may open which staff page or endpoint, by role: every page and endpoint names one of these policies, the Accounts
// module defines them from this table, and the authorization matrix test reads it.
public static class StaffPolicies
{
    // Any signed-in staff user whose session is live.
    public const string Staff = nameof(Staff);

    // Accounts, conflicts of interest, the household import.
    public const string Administrators = nameof(Administrators);

    // Announcements, objections entered for a resident, village records.
    public const string Preparers = nameof(Preparers);

    // A case and its attachments.
    public const string Reviewers = nameof(Reviewers);

    // The audit log.
    public const string Auditors = nameof(Auditors);

    public static readonly IReadOnlyDictionary<string, StaffRole[]> Roles = new Dictionary<string, StaffRole[]>
    {
        [Staff] = Enum.GetValues<StaffRole>(),
        [Administrators] = [StaffRole.Administrator],
        [Preparers] = [StaffRole.VillageClerk, StaffRole.TownshipReviewer, StaffRole.DistrictReviewer],
        [Reviewers] = [StaffRole.TownshipReviewer, StaffRole.DistrictReviewer, StaffRole.DisciplineInspector, StaffRole.ReviewOfficer],
        [Auditors] = [StaffRole.Administrator, StaffRole.DisciplineInspector, StaffRole.DistrictReviewer],
    };

    // For what a page shows (links, counts); the page or endpoint behind it checks its own policy.
    public static bool Allows(string policy, StaffRole role) => Roles[policy].Contains(role);
}
