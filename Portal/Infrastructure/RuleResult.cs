namespace Portal.Infrastructure;

// The one answer of every rule in the portal: allowed, or refused naming the rule (a resource key "Rule.<name>") with
// its arguments and, where a form shows it beside one input, the field it is about.
public sealed record RuleResult(string? Rule, params object[] Args)
{
    public static readonly RuleResult Allowed = new((string?)null);

    public string? Field { get; init; }

    public bool IsAllowed => Rule is null;

    public static RuleResult Refuse(string rule, params object[] args) => new(rule, args);

    public static RuleResult RefuseField(string field, string rule, params object[] args) => new(rule, args) { Field = field };
}
