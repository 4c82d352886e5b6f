namespace Portal.Features.Announcements;

// The answer of a rule: allowed, or refused naming the rule (a resource key "Rule.<name>") with its arguments.
public sealed record RuleResult(string? Rule, params object[] Args)
{
    public static readonly RuleResult Allowed = new((string?)null);

    public bool IsAllowed => Rule is null;

    public static RuleResult Refuse(string rule, params object[] args) => new(rule, args);
}

public sealed record Created(long? Id, RuleResult Result)
{
    public static Created Refused(RuleResult result) => new(null, result);
}
