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

    private const string LastHashSqlite = "SELECT Hash FROM AuditEvent ORDER BY Id DESC LIMIT 1";

    // The lock keeps two writers from chaining onto the same head on SQL Server; SQLite's write lock already does.
    private const string LastHashSqlServer = "SELECT TOP (1) Hash FROM AuditEvent WITH (UPDLOCK, HOLDLOCK) ORDER BY Id DESC";

    private const string Insert = """
        INSERT INTO AuditEvent (Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash)
        VALUES (@Kind, @Actor, @Subject, @Data, @CreatedUtc, @PreviousHash, @Hash)
        """;

    private const string HeadSqlServer = "SELECT TOP (1) Hash FROM AuditEvent ORDER BY Id DESC";

    private const string CountAll = "SELECT COUNT(*) FROM AuditEvent";

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
        var previous = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            db.Provider == DatabaseProvider.SqlServer ? LastHashSqlServer : LastHashSqlite, transaction: tx, cancellationToken: ct)) ?? AuditChain.Genesis;
        var e = new AuditEvent
        {
            Kind = kind, Actor = actor, Subject = subject, Data = JsonSerializer.Serialize(data, Readable),
            CreatedUtc = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime), PreviousHash = previous,
        };
        await c.ExecuteAsync(new CommandDefinition(Insert, e with { Hash = AuditChain.HashOf(previous, e) }, tx, cancellationToken: ct));
    }

    // For events that are not part of another change (sign-ins, identity looks).
    public async Task AppendAsync(string kind, string? actor, string? subject, object data, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await AppendAsync(c, tx, kind, actor, subject, data, ct);
        await tx.CommitAsync(ct);
    }

    // The chain's length and head hash, without checking it.
    public async Task<(long Length, string HeadHash)> HeadAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var length = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, cancellationToken: ct));
        var head = await c.ExecuteScalarAsync<string?>(new CommandDefinition(db.Provider == DatabaseProvider.SqlServer ? HeadSqlServer : LastHashSqlite, cancellationToken: ct));
        return (length, head ?? AuditChain.Genesis);
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
