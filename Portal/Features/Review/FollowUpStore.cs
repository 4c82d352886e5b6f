using System.Data.Common;
using Dapper;
using Portal.Features.Calendar;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Review;

public sealed record FollowUpResult(RuleResult Result, FollowUpAnswer? Answer = null);

// The one owner of CaseFollowUp: the complainant's answers after the reply, given with the receipt. Nothing of who
// answered is kept or logged. One answer per case is the table's UNIQUE key, not a read before the write, so two
// answers sent at once cannot both be kept; a "not resolved" that opens the appeal is written in the same transaction
// (ReviewStore.AppealAsync), so either both are kept or neither.
public sealed class FollowUpStore(DbConnectionFactory db, ObjectionStore objections, ReviewStore review, ReviewWorkflow workflow,
    CalendarStore calendar, PersonalDataProtector protector, TimeProvider clock, PublicPageCache? cache = null)
{
    private const string InsertAnswer = """
        INSERT INTO CaseFollowUp (ObjectionId, Resolved, Satisfied, OpenedAppeal, AnsweredUtc)
        VALUES (@objectionId, @resolved, @satisfied, @openedAppeal, @answeredUtc)
        """;

    private const string SelectAnswer = """
        SELECT Resolved, Satisfied, OpenedAppeal, AnsweredUtc
          FROM CaseFollowUp
         WHERE ObjectionId = @objectionId
        """;

    public async Task<FollowUpAnswer?> ForCaseAsync(long objectionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AnswerRow>(new CommandDefinition(SelectAnswer, new { objectionId }, cancellationToken: ct));
        return row?.Answer;
    }

    // The receipt is the complainant's normalized one (ObjectionRules.NormalizeReceipt), already looked up by the caller
    // through the failed look-up limit.
    public async Task<FollowUpResult> AnswerAsync(string receipt, bool? resolved, bool? satisfied, string? appealText, CancellationToken ct = default)
    {
        var workingDays = await calendar.CurrentAsync(ct);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await objections.ReadByReceiptAsync(c, tx, protector.Hash(ObjectionIntake.ReceiptPurpose, receipt), ct);
        if (row is null) return new(RuleResult.RefuseField("receipt", "Review.NotFound"));
        var now = clock.GetUtcNow();
        var appealOpen = workflow.CanAppeal(workingDays, row, now);
        var allowed = FollowUpRules.Check(row.State, resolved, satisfied, appealOpen, appealText);
        if (!allowed.IsAllowed) return new(allowed);
        var answer = new FollowUpAnswer(resolved, satisfied, FollowUpRules.OpensAppeal(resolved, appealOpen), now.UtcDateTime);
        try
        {
            await c.ExecuteAsync(new CommandDefinition(InsertAnswer, new
            {
                objectionId = row.Id, resolved, satisfied, openedAppeal = answer.OpenedAppeal, answeredUtc = answer.AnsweredUtc,
            }, tx, cancellationToken: ct));
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            return new(RuleResult.RefuseField("receipt", "FollowUp.AlreadyAnswered"));
        }
        if (answer.OpenedAppeal && await review.AppealAsync(c, tx, row, appealText, workingDays, now, ct) is { IsAllowed: false } refused)
        {
            return new(refused);
        }
        await tx.CommitAsync(ct);
        // The public rates per township change with every answer.
        if (cache is not null) await cache.ChangedAsync(ct);
        return new(RuleResult.Allowed, answer);
    }

    private sealed record AnswerRow
    {
        public bool? Resolved { get; init; }
        public bool? Satisfied { get; init; }
        public bool OpenedAppeal { get; init; }
        public DateTime AnsweredUtc { get; init; }

        public FollowUpAnswer Answer => new(Resolved, Satisfied, OpenedAppeal, AnsweredUtc);
    }
}
