using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Infrastructure.Data;

namespace Portal.Features.Review;

public sealed record ConflictRow
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public long HouseholdId { get; init; }
    public string HeadName { get; init; } = "";
    public string VillageName { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateTime CreatedUtc { get; init; }
}

// The one writer of ConflictDeclaration: administrators declare that a staff member may not decide a household's
// cases. The review reads the declarations when it picks and checks a reviewer; every declaration is audited.
public sealed class ConflictDeclarations(DbConnectionFactory db, AuditLog audit, TimeProvider clock)
{
    private const string InsertConflict = """
        INSERT INTO ConflictDeclaration (StaffUserId, HouseholdId, Reason, CreatedUtc)
        VALUES (@userId, @householdId, @reason, @now)
        """;

    private const string SelectConflicts = """
        SELECT c.Id, u.UserName, c.HouseholdId, h.HeadName, v.Name AS VillageName, c.Reason, c.CreatedUtc
          FROM ConflictDeclaration c
          JOIN StaffUser u ON u.Id = c.StaffUserId
          JOIN Household h ON h.Id = c.HouseholdId
          JOIN Region v ON v.Code = h.VillageCode
         ORDER BY c.Id DESC
        """;

    public async Task<IReadOnlyList<ConflictRow>> ConflictsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ConflictRow>(new CommandDefinition(SelectConflicts, cancellationToken: ct))).AsList();
    }

    public async Task<string?> DeclareConflictAsync(long userId, long householdId, string? reason, StaffActor admin, CancellationToken ct = default)
    {
        if (admin.Role != StaffRole.Administrator) return "Staff.AdministratorsOnly";
        if (string.IsNullOrWhiteSpace(reason)) return "Review.ReasonRequired";
        if (reason.Trim().Length > ReviewWorkflow.MaxReason) return "Review.ReasonTooLong";
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            await c.ExecuteAsync(new CommandDefinition(InsertConflict, new { userId, householdId, reason = reason.Trim(), now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        }
        catch (System.Data.Common.DbException e) when (e.IsUniqueViolation())
        {
            return "Staff.ConflictExists";
        }
        await audit.AppendAsync(c, tx, "ConflictDeclared", admin.UserName, $"staff:{userId}", new { household = householdId, reason = reason.Trim() }, ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
