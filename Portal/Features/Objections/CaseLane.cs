namespace Portal.Features.Objections;

// The two ways a complaint is handled (PRACTICE.md, Complaints): an administrative complaint goes up the government
// line; misconduct (favouritism, misuse of funds) belongs to discipline inspection with its own rules.
public enum CaseLane
{
    Administrative,
    Misconduct,
}

public static class Lanes
{
    // The lane a new case starts in, from its category. Year-round reports are always administrative.
    public static CaseLane Of(ObjectionCategory category) =>
        category is ObjectionCategory.Favouritism or ObjectionCategory.MisuseOfFunds ? CaseLane.Misconduct : CaseLane.Administrative;
}
