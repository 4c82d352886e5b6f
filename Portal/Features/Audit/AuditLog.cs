using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Audit;

public sealed record AuditQuery(string? Kind = null, string? Actor = null, int Page = 1, int PageSize = 50);

// Appends events inside the caller's transaction, so an action and its audit event are saved together or not at all.
public sealed class AuditLog(DbConnectionFactory db, TimeProvider clock)
{
    // Chinese stays readable in the staff audit list.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The head row (AuditHead) is updated first: that takes the lock that orders appends on every engine (SQLite's
    // write lock, the row lock on SQL Server and PostgreSQL), and the head it returns is the one this event chains onto.
    // Appends queue on that lock until the transaction ends, so an append is two round trips and comes last in its
    // transaction: the head, then the event with the head moved onto it.
    private readonly string takeHead = db.Dialect.UpdateReturning("AuditHead", "Length = Length + 1", "Id = 1", ["Length", "Hash"]);

    private const string SelectHead = "SELECT Length, Hash FROM AuditHead WHERE Id = 1";

    private const string InsertAndMoveHead = """
        INSERT INTO AuditEvent (Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash)
        VALUES (@Kind, @Actor, @Subject, @Data, @CreatedUtc, @PreviousHash, @Hash);
        UPDATE AuditHead SET Hash = @Hash WHERE Id = 1;
        """;

    private const string SelectAll = "SELECT Id, Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash FROM AuditEvent ORDER BY Id";

    private const string CountMatching = """
        SELECT COUNT(*) FROM AuditEvent
         WHERE (@kind IS NULL OR Kind = @kind) AND (@actor IS NULL OR Actor = @actor)
        """;

    private readonly string selectMatching = db.Dialect.Page("""
        SELECT Id, Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash
          FROM AuditEvent
         WHERE (@kind IS NULL OR Kind = @kind) AND (@actor IS NULL OR Actor = @actor)
         ORDER BY Id DESC
        """);

    public async Task AppendAsync(DbConnection c, DbTransaction tx, string kind, string? actor, string? subject, object data, CancellationToken ct)
    {
        var head = await c.QuerySingleOrDefaultAsync<AuditHeadRow>(new CommandDefinition(
            takeHead,
            transaction: tx, cancellationToken: ct))
            ?? throw new InvalidOperationException("The audit chain has no head row (AuditHead); the database is not fully migrated.");
        var previous = head.Hash;
        var e = new AuditEvent
        {
            Kind = kind, Actor = actor, Subject = subject, Data = JsonSerializer.Serialize(data, Readable),
            CreatedUtc = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime), PreviousHash = previous,
        };
        await c.ExecuteAsync(new CommandDefinition(InsertAndMoveHead, e with { Hash = AuditChain.HashOf(previous, e) }, tx, cancellationToken: ct));
    }

    // For events that are not part of another change (sign-ins, identity looks).
    public async Task AppendAsync(string kind, string? actor, string? subject, object data, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await AppendAsync(c, tx, kind, actor, subject, data, ct);
        await tx.CommitAsync(ct);
    }

    // The chain's length and head hash, without checking it: one row.
    public async Task<(long Length, string HeadHash)> HeadAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var head = await c.QuerySingleAsync<AuditHeadRow>(new CommandDefinition(SelectHead, cancellationToken: ct));
        return (head.Length, head.Hash);
    }

    private sealed record AuditHeadRow
    {
        public long Length { get; init; }
        public string Hash { get; init; } = "";
    }

    public async Task<ChainReport> VerifyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        // Streamed, so a long chain is checked without holding it all in memory.
        return AuditChain.Verify(c.Query<AuditEvent>(SelectAll, buffered: false));
    }

    public async Task<Paged<AuditEvent>> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var args = new { kind = query.Kind, actor = query.Actor, skip = (page - 1) * pageSize, take = pageSize };
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountMatching, args, cancellationToken: ct));
        var items = (await c.QueryAsync<AuditEvent>(new CommandDefinition(selectMatching, args, cancellationToken: ct))).AsList();
        return new Paged<AuditEvent>(items, total, page, pageSize);
    }
}
