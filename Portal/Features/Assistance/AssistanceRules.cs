using Portal.Features.Accounts;
using Portal.Infrastructure;

namespace Portal.Features.Assistance;

// What staff may record about assistance: the village clerk and the township and district reviewers, inside their own
// region, with amounts in range. Pure: AssistanceEditing asks before it writes, the pages ask whether to show the forms.
public static class AssistanceRules
{
    public const decimal MaximumMeasureFunds = 10_000_000;

    public const decimal MaximumProjectAmount = 100_000_000;

    public const int MaximumOutcome = 400;

    public static bool MayEdit(StaffActor actor, string villageCode) =>
        actor.Role is StaffRole.VillageClerk or StaffRole.TownshipReviewer or StaffRole.DistrictReviewer && actor.Scope.Contains(villageCode);

    // The measure's own fields; the household's region is checked once it is read (MayEdit).
    public static RuleResult CanRecordMeasure(Measure m)
    {
        if (m.Funds < 0 || m.Funds > MaximumMeasureFunds) return RuleResult.RefuseField("funds", "Assistance.BadFunds");
        if (m.EndDate is { } end && end < m.StartDate) return RuleResult.RefuseField("end", "Assistance.EndBeforeStart");
        if (m.Outcome is { Length: > MaximumOutcome }) return RuleResult.RefuseField("outcome", "Assistance.TooLong");
        return RuleResult.Allowed;
    }

    public static RuleResult CanAddCadre(Cadre cadre, StaffActor actor)
    {
        if (cadre.VillageCode is not { } village || !MayEdit(actor, village)) return RuleResult.Refuse("Assistance.OutsideRegion");
        if (string.IsNullOrWhiteSpace(cadre.Name)) return RuleResult.RefuseField("name", "Assistance.NameRequired");
        if (string.IsNullOrWhiteSpace(cadre.Organisation)) return RuleResult.RefuseField("organisation", "Assistance.NameRequired");
        if (cadre.Name.Trim().Length > MaximumCadreName) return RuleResult.RefuseField("name", "Assistance.FieldTooLong", MaximumCadreName);
        if (cadre.Organisation.Trim().Length > MaximumOrganisation) return RuleResult.RefuseField("organisation", "Assistance.FieldTooLong", MaximumOrganisation);
        if (cadre.OfficePhone is { } phone && !IsOfficePhone(phone.Trim())) return RuleResult.RefuseField("phone", "Assistance.BadPhone", MaximumPhone);
        return RuleResult.Allowed;
    }

    // The cadre columns' sizes; an office phone is digits with hyphens, spaces or a leading +, as it is dialled.
    public const int MaximumCadreName = 50;

    public const int MaximumOrganisation = 100;

    public const int MaximumPhone = 30;

    private static bool IsOfficePhone(string phone) =>
        phone.Length == 0 || (phone.Length <= MaximumPhone && phone.Count(char.IsAsciiDigit) >= 3
            && phone.Select((c, i) => char.IsAsciiDigit(c) || c is '-' or ' ' || (c == '+' && i == 0)).All(ok => ok));

    public const int MaximumShortText = 200;

    public const int MaximumLongText = 1000;

    // The project's texts: the database column's size, whether one line only, and whether the 2018 guidance cannot do
    // without it (what the project is, where, what is built, with whose money, who carries it out and who answers for it).
    // Subsidy standard (only per-household subsidies have one), period, performance targets and the benefit mechanism
    // are published when given; projects recorded before they were asked for have none.
    private static readonly (string Field, Func<Project, string?> Value, int Maximum, bool OneLine, bool Required)[] ProjectTexts =
    [
        ("name", p => p.Name, MaximumShortText, true, true),
        ("place", p => p.Place, MaximumShortText, true, true),
        ("task", p => p.Task, MaximumLongText, false, true),
        ("subsidyStandard", p => p.SubsidyStandard, MaximumShortText, true, false),
        ("fundSource", p => p.FundSource, MaximumShortText, true, true),
        ("schedule", p => p.Schedule, MaximumShortText, true, false),
        ("implementer", p => p.Implementer, MaximumShortText, true, true),
        ("responsiblePerson", p => p.ResponsiblePerson, MaximumShortText, true, true),
        ("performanceTargets", p => p.PerformanceTargets, MaximumLongText, false, false),
        ("benefitMechanism", p => p.BenefitMechanism, MaximumLongText, false, false),
    ];

    public static RuleResult CanAddProject(Project p, StaffActor actor)
    {
        if (!MayEdit(actor, p.VillageCode)) return RuleResult.Refuse("Assistance.OutsideRegion");
        if (string.IsNullOrWhiteSpace(p.Name)) return RuleResult.RefuseField("name", "Assistance.NameRequired");
        if (string.IsNullOrWhiteSpace(p.Implementer)) return RuleResult.RefuseField("implementer", "Assistance.NameRequired");
        if (p.Amount <= 0 || p.Amount > MaximumProjectAmount) return RuleResult.RefuseField("amount", "Assistance.BadFunds");
        if (p.Beneficiaries < 0) return RuleResult.RefuseField("beneficiaries", "Assistance.BadFunds");
        if (p.Year is < 2000 or > 2100) return RuleResult.RefuseField("year", "Assistance.BadFunds");
        foreach (var (field, value, maximum, oneLine, required) in ProjectTexts)
        {
            var text = value(p);
            if (required && string.IsNullOrWhiteSpace(text)) return RuleResult.RefuseField(field, "Assistance.Required");
            if (text is { Length: var length } && length > maximum) return RuleResult.RefuseField(field, "Assistance.FieldTooLong", maximum);
            if (oneLine && text is not null && text.Any(char.IsControl)) return RuleResult.RefuseField(field, "Assistance.OneLine");
        }
        return RuleResult.Allowed;
    }

    // What is stored: every text trimmed, line ends as \n, an optional text left blank stored as null.
    public static Project Normalized(Project p) => p with
    {
        Name = p.Name.Trim(),
        Implementer = p.Implementer.Trim(),
        Place = Text(p.Place),
        Task = Text(p.Task),
        SubsidyStandard = Text(p.SubsidyStandard),
        FundSource = Text(p.FundSource),
        Schedule = Text(p.Schedule),
        ResponsiblePerson = Text(p.ResponsiblePerson),
        PerformanceTargets = Text(p.PerformanceTargets),
        BenefitMechanism = Text(p.BenefitMechanism),
    };

    private static string? Text(string? text) =>
        text?.Replace("\r\n", "\n").Replace('\r', '\n').Trim() is { Length: > 0 } t ? t : null;
}
