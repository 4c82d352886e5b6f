using System.Data.Common;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Review;

// The one writer of ReplyTemplate. Administrators create and change templates, every write checked here and audited
// in its own transaction (lane, category, outcome and title: a template holds no complainant's data); a stale
// Concurrency value is refused as changed meanwhile. A template is never referenced by a case: the reply a reviewer
// sends is stored as sent, so changing or deactivating a template later changes nothing already sent.
public sealed class ReplyTemplates(DbConnectionFactory db, AuditLog audit, TimeProvider clock)
{
    private readonly string insertTemplate = db.Dialect.InsertReturningId("ReplyTemplate",
        "Lane, Category, Outcome, Title, Body, Active, UpdatedBy, UpdatedUtc",
        "@Lane, @Category, @Outcome, @Title, @Body, @Active, @By, @Now");

    private const string SelectAll = """
        SELECT Id, Lane, Category, Outcome, Title, Body, Active, UpdatedBy, UpdatedUtc, Concurrency
          FROM ReplyTemplate
         ORDER BY Lane, Category, Outcome, Title
        """;

    private const string SelectOne = """
        SELECT Id, Lane, Category, Outcome, Title, Body, Active, UpdatedBy, UpdatedUtc, Concurrency
          FROM ReplyTemplate
         WHERE Id = @id
        """;

    private const string SelectActiveOfLane = """
        SELECT Id, Lane, Category, Outcome, Title, Body, Active, UpdatedBy, UpdatedUtc, Concurrency
          FROM ReplyTemplate
         WHERE Lane = @lane
           AND Active = @active
         ORDER BY Category, Outcome, Title
        """;

    private const string UpdateTemplate = """
        UPDATE ReplyTemplate
           SET Lane = @Lane, Category = @Category, Outcome = @Outcome, Title = @Title, Body = @Body, Active = @Active,
               UpdatedBy = @By, UpdatedUtc = @Now, Concurrency = Concurrency + 1
         WHERE Id = @Id
           AND Concurrency = @Concurrency
        """;

    public async Task<IReadOnlyList<ReplyTemplate>> AllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ReplyTemplate>(new CommandDefinition(SelectAll, cancellationToken: ct))).AsList();
    }

    // The templates a reviewer may start from for this action on a case of this lane, category and outcome.
    public async Task<IReadOnlyList<ReplyTemplate>> OfferedAsync(CaseLane lane, ObjectionCategory category, ReviewAction action, string? caseOutcome,
        CancellationToken ct = default)
    {
        if (!ReplyTemplateRules.HasTemplates(action)) return [];
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ReplyTemplate>(new CommandDefinition(SelectActiveOfLane, new { lane = lane.ToString(), active = true }, cancellationToken: ct));
        return rows.Where(t => ReplyTemplateRules.Offers(t, lane, category, action, caseOutcome)).ToList();
    }

    public async Task<(RuleResult Result, long? Id)> CreateAsync(ReplyTemplateDraft draft, StaffActor actor, CancellationToken ct = default)
    {
        if (Refusal(draft, actor) is { } refused) return (refused, null);
        var args = Args(draft, actor);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertTemplate, args, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, "ReplyTemplateCreated", actor.UserName, Subject(id), AuditData(args), ct);
            await tx.CommitAsync(ct);
            return (RuleResult.Allowed, id);
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            return (TitleTaken(args.Title), null);
        }
    }

    // Changes the template as the administrator read it; someone else's change since then refuses it.
    public async Task<RuleResult> UpdateAsync(long id, long concurrency, ReplyTemplateDraft draft, StaffActor actor, CancellationToken ct = default)
    {
        if (Refusal(draft, actor) is { } refused) return refused;
        var args = Args(draft, actor);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var before = await c.QuerySingleOrDefaultAsync<ReplyTemplate>(new CommandDefinition(SelectOne, new { id }, tx, cancellationToken: ct));
        if (before is null) return RuleResult.Refuse("ReplyTemplates.NotFound");
        try
        {
            var changed = await c.ExecuteAsync(new CommandDefinition(UpdateTemplate,
                new { Id = id, Concurrency = concurrency, args.Lane, args.Category, args.Outcome, args.Title, args.Body, args.Active, args.By, args.Now }, tx, cancellationToken: ct));
            if (changed == 0) return RuleResult.Refuse("ReplyTemplates.ChangedMeanwhile");
            await audit.AppendAsync(c, tx, "ReplyTemplateChanged", actor.UserName, Subject(id), new
            {
                lane = args.Lane, category = args.Category, outcome = args.Outcome, title = args.Title, active = args.Active,
                previousLane = before.Lane.ToString(), previousCategory = before.Category?.ToString(), previousOutcome = before.Outcome?.ToString(),
                previousTitle = before.Title, previousActive = before.Active, bodyChanged = before.Body != args.Body,
            }, ct);
            await tx.CommitAsync(ct);
            return RuleResult.Allowed;
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            return TitleTaken(args.Title);
        }
    }

    private static RuleResult? Refusal(ReplyTemplateDraft draft, StaffActor actor)
    {
        var allowed = ReplyTemplateRules.CanEdit(actor);
        if (!allowed.IsAllowed) return allowed;
        var valid = ReplyTemplateRules.Check(draft);
        return valid.IsAllowed ? null : valid;
    }

    private TemplateArgs Args(ReplyTemplateDraft d, StaffActor actor) =>
        new(d.Lane!.Value.ToString(), d.Category?.ToString(), d.Outcome?.ToString(), d.Title!.Trim(), d.Body!.Trim(), d.Active, actor.UserName,
            clock.GetUtcNow().UtcDateTime);

    private static object AuditData(TemplateArgs a) => new { lane = a.Lane, category = a.Category, outcome = a.Outcome, title = a.Title, active = a.Active };

    private static RuleResult TitleTaken(string title) => RuleResult.RefuseField("title", "ReplyTemplates.TitleTaken", title);

    private static string Subject(long id) => $"reply-template:{id}";

    private sealed record TemplateArgs(string Lane, string? Category, string? Outcome, string Title, string Body, bool Active, string By, DateTime Now);
}
