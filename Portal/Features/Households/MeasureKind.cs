namespace Portal.Features.Households;

// The kinds of assistance a household receives: Assistance records them, an AssistancePlan announcement publishes them.
public enum MeasureKind
{
    Industry,
    Employment,
    Relocation,
    Education,
    Health,
    HousingRenovation,
    EcologicalCompensation,
    SocialSecurity,
    MicroCredit,
    SkillsTraining,
}
