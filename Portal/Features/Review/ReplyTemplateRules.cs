using System.Text.RegularExpressions;
using Portal.Features.Accounts;
using Portal.Features.Objections;
using Portal.Infrastructure;

namespace Portal.Features.Review;

// What a template is for: a decided outcome's reply, or the reason a case is not taken (Inadmissible).
public enum ReplyTemplateOutcome
{
    Upheld,
    PartiallyUpheld,
    NotUpheld,
    Inadmissible,
}

// A template as administrators keep it. Category null: any category of the lane; Outcome null: any decided outcome.
public sealed record ReplyTemplate
{
    public long Id { get; init; }
    public CaseLane Lane { get; init; }
    public ObjectionCategory? Category { get; init; }
    public ReplyTemplateOutcome? Outcome { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public bool Active { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTime UpdatedUtc { get; init; }
    public long Concurrency { get; init; }

    public ReplyTemplateDraft Draft => new(Lane, Category, Outcome, Title, Body, Active);
}

// What an administrator enters, as typed (each field may be missing or wrong; ReplyTemplateRules.Check says which).
public sealed record ReplyTemplateDraft(CaseLane? Lane, ObjectionCategory? Category, ReplyTemplateOutcome? Outcome, string? Title, string? Body,
    bool Active = true);

// Who may keep templates, what a template must be, and which templates a reviewer is offered for a case. Pure.
public static class ReplyTemplateRules
{
    public const int TitleLength = 60;
    public const int BodyLength = 2000;

    public static RuleResult CanEdit(StaffActor actor) =>
        actor.Role == StaffRole.Administrator ? RuleResult.Allowed : RuleResult.Refuse("ReplyTemplates.AdministratorsOnly");

    public static RuleResult Check(ReplyTemplateDraft draft)
    {
        if (draft.Lane is not { } lane || !Enum.IsDefined(lane)) return RuleResult.RefuseField("lane", "ReplyTemplates.LaneRequired");
        if (draft.Category is { } category && !Enum.IsDefined(category)) return RuleResult.RefuseField("category", "ReplyTemplates.CategoryInvalid");
        if (draft.Outcome is { } outcome && !Enum.IsDefined(outcome)) return RuleResult.RefuseField("outcome", "ReplyTemplates.OutcomeInvalid");
        var title = draft.Title?.Trim();
        if (string.IsNullOrEmpty(title)) return RuleResult.RefuseField("title", "ReplyTemplates.TitleRequired");
        if (title.Length > TitleLength) return RuleResult.RefuseField("title", "ReplyTemplates.TitleTooLong", TitleLength);
        if (title.Any(char.IsControl)) return RuleResult.RefuseField("title", "ReplyTemplates.TitleOneLine");
        var body = draft.Body?.Trim();
        if (string.IsNullOrEmpty(body)) return RuleResult.RefuseField("body", "ReplyTemplates.BodyRequired");
        if (body.Length > BodyLength) return RuleResult.RefuseField("body", "ReplyTemplates.BodyTooLong", BodyLength, body.Length);
        if (ReplyTemplateText.Unknown(body).FirstOrDefault() is { } unknown)
        {
            return RuleResult.RefuseField("body", "ReplyTemplates.UnknownPlaceholder", unknown, string.Join(" ", ReplyTemplateText.Names.Select(n => "{" + n + "}")));
        }
        return RuleResult.Allowed;
    }

    // A reason for not taking a case starts from an Inadmissible template; a reply from one for the case's outcome
    // or for any outcome. Only active templates of the case's lane, for its category or for any category.
    public static bool Offers(ReplyTemplate t, CaseLane lane, ObjectionCategory category, ReviewAction action, string? caseOutcome) =>
        t.Active && t.Lane == lane && (t.Category is null || t.Category == category) && action switch
        {
            ReviewAction.Reject => t.Outcome == ReplyTemplateOutcome.Inadmissible,
            ReviewAction.Reply => t.Outcome is null || (t.Outcome != ReplyTemplateOutcome.Inadmissible && (caseOutcome is null || t.Outcome.ToString() == caseOutcome)),
            _ => false,
        };

    // The actions whose text may start from a template.
    public static bool HasTemplates(ReviewAction action) => action is ReviewAction.Reply or ReviewAction.Reject;
}

// What the picker puts in for each placeholder: the case number, the announcement's title, the appeal window.
public sealed record ReplyPlaceholders(string CaseNumber, string AnnouncementTitle, string AppealWindow);

// Placeholders in a template's body, {案件编号} or {CaseNumber} and so on, filled in once when a reviewer picks it.
public static partial class ReplyTemplateText
{
    public static readonly IReadOnlyList<string> Names = ["案件编号", "公示标题", "申诉期限", "CaseNumber", "AnnouncementTitle", "AppealWindow"];

    [GeneratedRegex(@"\{([^{}\r\n]{1,30})\}")]
    private static partial Regex Placeholder();

    // One pass: a value that itself holds "{案件编号}" stays as it is.
    public static string Fill(string body, ReplyPlaceholders values) => Placeholder().Replace(body, m => m.Groups[1].Value switch
    {
        "案件编号" or "CaseNumber" => values.CaseNumber,
        "公示标题" or "AnnouncementTitle" => values.AnnouncementTitle,
        "申诉期限" or "AppealWindow" => values.AppealWindow,
        _ => m.Value,
    });

    public static IEnumerable<string> Unknown(string body) =>
        Placeholder().Matches(body).Select(m => m.Groups[1].Value).Where(n => !Names.Contains(n)).Select(n => "{" + n + "}");
}
