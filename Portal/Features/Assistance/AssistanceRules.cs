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
        return RuleResult.Allowed;
    }

    public static RuleResult CanAddProject(Project p, StaffActor actor)
    {
        if (!MayEdit(actor, p.VillageCode)) return RuleResult.Refuse("Assistance.OutsideRegion");
        if (string.IsNullOrWhiteSpace(p.Name)) return RuleResult.RefuseField("name", "Assistance.NameRequired");
        if (string.IsNullOrWhiteSpace(p.Implementer)) return RuleResult.RefuseField("implementer", "Assistance.NameRequired");
        if (p.Amount <= 0 || p.Amount > MaximumProjectAmount) return RuleResult.RefuseField("amount", "Assistance.BadFunds");
        if (p.Beneficiaries < 0) return RuleResult.RefuseField("beneficiaries", "Assistance.BadFunds");
        if (p.Year is < 2000 or > 2100) return RuleResult.RefuseField("year", "Assistance.BadFunds");
        return RuleResult.Allowed;
    }
}
