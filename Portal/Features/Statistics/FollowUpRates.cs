namespace Portal.Features.Statistics;

// A township's follow-up figures. Satisfaction = "satisfied: yes" among the answers to that question; reopen rate =
// "resolved: no" among the answers to that question (whether or not the answer came in time to open the appeal). A
// rate is null, and shown as "too few answers", until its question has MinimumAnswers answers; the counts of answers
// are always public, the split of a small sample never.
public sealed record TownshipFollowUp(int SatisfactionAnswers, double? SatisfactionRate, int ResolvedAnswers, double? ReopenRate)
{
    public static readonly TownshipFollowUp None = new(0, null, 0, null);
}

public static class FollowUpRates
{
    public const int MinimumAnswers = 10;

    public static TownshipFollowUp Of(IEnumerable<(bool? Resolved, bool? Satisfied)> answers)
    {
        var list = answers.ToList();
        var satisfaction = list.Where(a => a.Satisfied is not null).ToList();
        var resolved = list.Where(a => a.Resolved is not null).ToList();
        return new TownshipFollowUp(satisfaction.Count, Rate(satisfaction.Count(a => a.Satisfied == true), satisfaction.Count),
            resolved.Count, Rate(resolved.Count(a => a.Resolved == false), resolved.Count));
    }

    public static double? Rate(int part, int answers) => answers >= MinimumAnswers ? (double)part / answers : null;
}

// The follow-up columns of the objections CSV: the answers to each question and its rate, or "too few answers".
public static class FollowUpColumns
{
    public static IEnumerable<string> Headers(Microsoft.Extensions.Localization.IStringLocalizer L) =>
        [L["FollowUp.SatisfactionAnswers"], L["FollowUp.SatisfactionRate"], L["FollowUp.ReopenAnswers"], L["FollowUp.ReopenRate"]];

    public static IEnumerable<string> Cells(Microsoft.Extensions.Localization.IStringLocalizer L, TownshipFollowUp f) =>
        [Count(f.SatisfactionAnswers), Rate(L, f.SatisfactionRate), Count(f.ResolvedAnswers), Rate(L, f.ReopenRate)];

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Rate(Microsoft.Extensions.Localization.IStringLocalizer L, double? rate) =>
        rate?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? L["FollowUp.TooFewAnswers"];
}
