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
    Place,
    Task,
    SubsidyStandard,
    FundSource,
    Schedule,
    ResponsiblePerson,
    PerformanceTargets,
    BenefitMechanism,

    // A monitoring household's type (MonitoringType); never its risk.
    MonitoringType,
}

// The whitelist of fields each kind of announcement publishes (SPEC §2). A field outside it is never
// copied into an entry, so it cannot leave the database through any public output.
public static class AnnouncementFields
{
    private static readonly EntryField[] Household = [EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.Attribute, EntryField.Cause];

    // The 2018 funds-and-projects disclosure guidance: name, place, construction task, subsidy standard, source and amount
    // of funds, period, implementer and responsible person, performance targets, how it benefits poor households.
    private static readonly EntryField[] Project =
    [
        EntryField.Subject, EntryField.Place, EntryField.Task, EntryField.SubsidyStandard, EntryField.FundSource, EntryField.Amount,
        EntryField.Schedule, EntryField.Implementer, EntryField.ResponsiblePerson, EntryField.PerformanceTargets,
        EntryField.BenefitMechanism, EntryField.Beneficiaries,
    ];

    public static IReadOnlyList<EntryField> For(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.Identification => Household,
        AnnouncementKind.Exit => [.. Household, EntryField.IncomePerCapita, EntryField.AssurancesMet],
        AnnouncementKind.AssistancePlan => [.. Household, EntryField.Measures, EntryField.Cadre],
        AnnouncementKind.FundsAndProjects => Project,
        // Monitoring notices: the least that lets neighbours check — never the risk, which may be about health.
        AnnouncementKind.MonitoringInclusion or AnnouncementKind.RiskElimination => [EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.MonitoringType],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Paragraphs rather than a value: a list with one of them reads as a card per entry, on the page and on paper.
    public static bool IsProse(EntryField field) => field is EntryField.Task or EntryField.PerformanceTargets or EntryField.BenefitMechanism;

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
        EntryField.Place => e.Place,
        EntryField.Task => e.Task,
        EntryField.SubsidyStandard => e.SubsidyStandard,
        EntryField.FundSource => e.FundSource,
        EntryField.Schedule => e.Schedule,
        EntryField.ResponsiblePerson => e.ResponsiblePerson,
        EntryField.PerformanceTargets => e.PerformanceTargets,
        EntryField.BenefitMechanism => e.BenefitMechanism,
        EntryField.MonitoringType => e.MonitoringType,
        _ => null,
    };
}
