using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Review;

// A request waiting for a second inspector, as the workbench lists it.
public sealed record PendingReveal
{
    public long RequestId { get; init; }
    public long ObjectionId { get; init; }
    public string CaseNumber { get; init; } = "";
    public string Asker { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime AskedUtc { get; init; }
}

// The one writer of IdentityRevealRequest and IdentityRevealView: an inspector asks to see a named complainant with a
// reason, a second inspector approves or refuses with a reason, and the asker may then look for a limited time
// (IdentityRevealRules decides). The database keeps each step honest on its own: one pending request per case and asker
// (a filtered UNIQUE index and a guarded insert), a decision only on a pending row by someone else (a conditional UPDATE
// whose row count says who won), a look only on an approved, unexpired request of the one looking. Every step is an
// audit event in the same transaction — asked, approved, refused, viewed — with the reasons and never the identity.
// The identity is decrypted only for a look, and handed to the caller alone.
public sealed class IdentityReveals(DbConnectionFactory db, ReviewStore cases, IdentityRevealRules rules, AuditLog audit, PersonalDataProtector protector,
    TimeProvider clock)
{
    private const string Columns = "Id, ObjectionId, Asker, Reason, AskedUtc, State, Decider, DecisionReason, DecidedUtc, ExpiresUtc";

    private const string SelectForCase = $"""
        SELECT {Columns}
          FROM IdentityRevealRequest
         WHERE ObjectionId = @id
         ORDER BY Id
        """;

    private const string SelectOne = $"""
        SELECT {Columns}
          FROM IdentityRevealRequest
         WHERE Id = @id
        """;

    // Only a named case, and only while the asker has no request waiting (the UNIQUE index refuses a race past this).
    private readonly string insertIfNamedAndNonePending = $"""
        INSERT INTO IdentityRevealRequest (ObjectionId, Asker, Reason, AskedUtc, State)
        SELECT Id, @asker, @reason, @now, 'Pending'
          FROM Objection
         WHERE Id = @id
           AND Anonymous = {db.Dialect.False}
           AND NOT EXISTS (SELECT 1 FROM IdentityRevealRequest p WHERE p.ObjectionId = @id AND p.Asker = @asker AND p.State = 'Pending')
        """;

    private const string SelectPendingOfAsker = """
        SELECT Id
          FROM IdentityRevealRequest
         WHERE ObjectionId = @id
           AND Asker = @asker
           AND State = 'Pending'
        """;

    private const string DecideIfPending = """
        UPDATE IdentityRevealRequest
           SET State = @state, Decider = @decider, DecisionReason = @reason, DecidedUtc = @now, ExpiresUtc = @expires
         WHERE Id = @id
           AND State = 'Pending'
           AND Asker <> @decider
        """;

    private const string InsertViewIfOpen = """
        INSERT INTO IdentityRevealView (RequestId, ViewedUtc)
        SELECT Id, @now
          FROM IdentityRevealRequest
         WHERE Id = @id
           AND Asker = @asker
           AND State = 'Approved'
           AND ExpiresUtc > @now
        """;

    private const string SelectIdentity = "SELECT IdentityCipher FROM Objection WHERE Id = @id";

    private const string SelectPendingOfOthers = """
        SELECT r.Id AS RequestId, r.ObjectionId, o.CaseNumber, r.Asker, r.Reason, r.AskedUtc
          FROM IdentityRevealRequest r
          JOIN Objection o ON o.Id = r.ObjectionId
         WHERE r.State = 'Pending'
           AND r.Asker <> @asker
         ORDER BY r.AskedUtc, r.Id
        """;

    private const string SelectViewed = """
        SELECT v.ViewedUtc
          FROM IdentityRevealView v
          JOIN IdentityRevealRequest r ON r.Id = v.RequestId
         WHERE r.ObjectionId = @id
         ORDER BY v.ViewedUtc, v.Id
        """;

    public IdentityRevealRules Rules => rules;

    // The case's requests, for an inspector who may read the case; nobody else learns that any exist.
    public async Task<IReadOnlyList<RevealRequest>> ForCaseAsync(long objectionId, StaffActor actor, CancellationToken ct = default)
    {
        if (!CaseAuthority.MayReveal(actor) || await cases.GetAsync(objectionId, actor, ct) is null) return [];
        await using var c = await db.OpenAsync(ct);
        return await RequestsAsync(c, objectionId, ct);
    }

    public async Task<RuleResult> AskAsync(long objectionId, string? reason, StaffActor actor, CancellationToken ct = default)
    {
        if (!CaseAuthority.MayReveal(actor)) return RuleResult.Refuse("Review.OnlyInspectorsReveal");
        var view = await cases.GetAsync(objectionId, actor, ct);
        if (view is null) return RuleResult.Refuse("Review.NotFound");
        var now = Now();
        await using var c = await db.OpenAsync(ct);
        var may = IdentityRevealRules.MayAsk(actor, view.Case, view.Announcement.RegionCode, view.Ties, await RequestsAsync(c, objectionId, ct), now);
        if (!may.IsAllowed) return may;
        var problem = IdentityRevealRules.CheckReason(reason);
        if (!problem.IsAllowed) return problem;
        var args = new { id = objectionId, asker = actor.UserName, reason = reason!.Trim(), now };
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            if (await c.ExecuteAsync(new CommandDefinition(insertIfNamedAndNonePending, args, tx, cancellationToken: ct)) == 0)
                return RuleResult.Refuse(view.Case.Anonymous ? "Reveal.Anonymous" : "Reveal.AlreadyPending");
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            return RuleResult.Refuse("Reveal.AlreadyPending");
        }
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(SelectPendingOfAsker, args, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "IdentityRevealRequested", actor.UserName, Subject(view.Case), new { request = id, reason = args.reason }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    // Approve or refuse, with a reason. Of two deciders at once, the one whose UPDATE changed the row decides.
    public async Task<RuleResult> DecideAsync(long requestId, bool approve, string? reason, StaffActor actor, CancellationToken ct = default)
    {
        if (!CaseAuthority.MayReveal(actor)) return RuleResult.Refuse("Review.OnlyInspectorsReveal");
        await using var c = await db.OpenAsync(ct);
        var request = await c.QuerySingleOrDefaultAsync<RevealRequest>(new CommandDefinition(SelectOne, new { id = requestId }, cancellationToken: ct));
        var view = request is null ? null : await cases.GetAsync(request.ObjectionId, actor, ct);
        if (request is null || view is null) return RuleResult.Refuse("Review.NotFound");
        var may = IdentityRevealRules.MayDecide(actor, view.Case, view.Announcement.RegionCode, view.Ties, request);
        if (!may.IsAllowed) return may;
        var problem = IdentityRevealRules.CheckReason(reason);
        if (!problem.IsAllowed) return problem;
        var now = Now();
        DateTime? expires = approve ? rules.ExpiresAt(now) : null;
        var state = approve ? RevealState.Approved : RevealState.Refused;
        await using var tx = await c.BeginTransactionAsync(ct);
        var args = new { id = requestId, state = state.ToString(), decider = actor.UserName, reason = reason!.Trim(), now, expires };
        if (await c.ExecuteAsync(new CommandDefinition(DecideIfPending, args, tx, cancellationToken: ct)) != 1) return RuleResult.Refuse("Reveal.AlreadyDecided");
        object data = approve
            ? new { request = requestId, asker = request.Asker, reason = args.reason, expires = ShanghaiTime.Format(expires!.Value) }
            : new { request = requestId, asker = request.Asker, reason = args.reason };
        await audit.AppendAsync(c, tx, approve ? "IdentityRevealApproved" : "IdentityRevealRefused", actor.UserName, Subject(view.Case), data, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    // The asker's look at the identity, under their latest approved request: recorded (the complainant is told when),
    // audited, and only then decrypted.
    public async Task<(ComplainantIdentity? Identity, RuleResult Result)> ViewAsync(long objectionId, StaffActor actor, CancellationToken ct = default)
    {
        if (!CaseAuthority.MayReveal(actor)) return (null, RuleResult.Refuse("Review.OnlyInspectorsReveal"));
        var view = await cases.GetAsync(objectionId, actor, ct);
        if (view is null) return (null, RuleResult.Refuse("Review.NotFound"));
        var now = Now();
        await using var c = await db.OpenAsync(ct);
        var request = IdentityRevealRules.LatestOf(actor, await RequestsAsync(c, objectionId, ct));
        var may = IdentityRevealRules.MayView(actor, view.Case, view.Announcement.RegionCode, view.Ties, request, now);
        if (!may.IsAllowed) return (null, may);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(InsertViewIfOpen, new { id = request!.Id, asker = actor.UserName, now }, tx, cancellationToken: ct)) != 1)
            return (null, RuleResult.Refuse("Reveal.Expired"));
        var cipher = await c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectIdentity, new { id = objectionId }, tx, cancellationToken: ct));
        if (cipher is null) return (null, RuleResult.Refuse("Reveal.NoIdentity"));
        await audit.AppendAsync(c, tx, "IdentityRevealed", actor.UserName, Subject(view.Case),
            new { request = request.Id, reason = request.Reason, approvedBy = request.Decider }, ct);
        await tx.CommitAsync(ct);
        return (JsonSerializer.Deserialize<ComplainantIdentity>(protector.Unprotect(cipher)), RuleResult.Allowed);
    }

    // Requests by others that this inspector may decide now (in their scope, not tied to the case).
    public async Task<IReadOnlyList<PendingReveal>> ToDecideAsync(StaffActor actor, CancellationToken ct = default)
    {
        if (!CaseAuthority.MayReveal(actor)) return [];
        List<PendingReveal> pending;
        await using (var c = await db.OpenAsync(ct))
        {
            pending = (await c.QueryAsync<PendingReveal>(new CommandDefinition(SelectPendingOfOthers, new { asker = actor.UserName }, cancellationToken: ct))).AsList();
        }
        var decidable = new List<PendingReveal>();
        foreach (var p in pending)
        {
            if (await cases.GetAsync(p.ObjectionId, actor, ct) is { } view
                && IdentityRevealRules.MayTakePart(actor, view.Case, view.Announcement.RegionCode, view.Ties).IsAllowed)
            {
                decidable.Add(p);
            }
        }
        return decidable;
    }

    // When the complainant's identity was looked at, for /track: the moments only, never who looked or why.
    public async Task<IReadOnlyList<DateTime>> ViewedAsync(long objectionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DateTime>(new CommandDefinition(SelectViewed, new { id = objectionId }, cancellationToken: ct))).AsList();
    }

    private static async Task<IReadOnlyList<RevealRequest>> RequestsAsync(DbConnection c, long objectionId, CancellationToken ct) =>
        (await c.QueryAsync<RevealRequest>(new CommandDefinition(SelectForCase, new { id = objectionId }, cancellationToken: ct))).AsList();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Subject(ObjectionRow c) => $"objection:{c.CaseNumber}";
}
