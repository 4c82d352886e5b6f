namespace Portal.Features.Announcements;

public enum EntryField
{
    GroupName,
    Subject,
    Size,
    Attribute,
    Cause,
    IncomePerCapita,
    AssurancesMet,
    Measures,
    Cadre,
    Amount,
    Implementer,
    Beneficiaries,

    // A monitoring household's type (MonitoringType); never its risk.
    MonitoringType,
}

// The whitelist of fields each kind of announcement publishes (SPEC §2). A field outside it is never
// copied into an entry, so it cannot leave the database through any public output.
public static class AnnouncementFields
{
    private static readonly EntryField[] Household = [EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.Attribute, EntryField.Cause];

    public static IReadOnlyList<EntryField> For(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.Identification => Household,
        AnnouncementKind.Exit => [.. Household, EntryField.IncomePerCapita, EntryField.AssurancesMet],
        AnnouncementKind.AssistancePlan => [.. Household, EntryField.Measures, EntryField.Cadre],
        AnnouncementKind.FundsAndProjects => [EntryField.Subject, EntryField.Amount, EntryField.Implementer, EntryField.Beneficiaries],
        // Monitoring notices: the least that lets neighbours check — never the risk, which may be about health.
        AnnouncementKind.MonitoringInclusion or AnnouncementKind.RiskElimination => [EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.MonitoringType],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool IsAboutHouseholds(AnnouncementKind kind) => kind != AnnouncementKind.FundsAndProjects;

    // The entry's value of a field as invariant text (the canonical form, CSV and the difference use it).
    public static string? Value(AnnouncementEntry e, EntryField field) => field switch
    {
        EntryField.GroupName => e.GroupName,
        EntryField.Subject => e.Subject,
        EntryField.Size => e.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EntryField.Attribute => e.Attribute,
        EntryField.Cause => e.Cause,
        EntryField.IncomePerCapita => e.IncomePerCapita?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        EntryField.AssurancesMet => e.AssurancesMet is { } met ? (met ? "true" : "false") : null,
        EntryField.Measures => e.Measures,
        EntryField.Cadre => e.Cadre,
        EntryField.Amount => e.Amount?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        EntryField.Implementer => e.Implementer,
        EntryField.Beneficiaries => e.Beneficiaries?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EntryField.MonitoringType => e.MonitoringType,
        _ => null,
    };
}
