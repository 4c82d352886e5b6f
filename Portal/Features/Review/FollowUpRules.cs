using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Review;

// What the complainant said after the reply; a question left unanswered is null.
public sealed record FollowUpAnswer(bool? Resolved, bool? Satisfied, bool OpenedAppeal, DateTime AnsweredUtc);

// The two questions after the reply (issue 15): was the problem resolved, are you satisfied. They are offered once the
// case has its answer — replied, found inadmissible (its reason is the answer) or closed — and once per case (the
// store's UNIQUE key holds that under concurrent posts); both are optional, one at least is answered. "Not resolved"
// while the case may still be appealed is the appeal itself, with its reason; afterwards it is only recorded. Pure.
public static class FollowUpRules
{
    public const string Yes = "yes";
    public const string No = "no";

    public static bool IsOffered(ObjectionState state, bool answered) => !answered && ReviewWorkflow.IsReplied(state);

    public static bool OpensAppeal(bool? resolved, bool appealOpen) => resolved == false && appealOpen;

    public static RuleResult Check(ObjectionState state, bool? resolved, bool? satisfied, bool appealOpen, string? appealText)
    {
        if (!ReviewWorkflow.IsReplied(state)) return RuleResult.RefuseField("receipt", "FollowUp.NotReplied");
        if (resolved is null && satisfied is null) return RuleResult.RefuseField("resolved", "FollowUp.NothingAnswered");
        if (OpensAppeal(resolved, appealOpen) && ReviewWorkflow.AppealTextProblem(appealText) is { } problem) return problem with { Field = "appealText" };
        return RuleResult.Allowed;
    }

    // A form's choice: "yes", "no", or nothing (the question left unanswered); anything else is refused, naming the field.
    public static (bool? Answer, RuleResult? Problem) Read(string field, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => (null, null),
        Yes => (true, null),
        No => (false, null),
        _ => (null, RuleResult.RefuseField(field, "FollowUp.BadChoice")),
    };
}
