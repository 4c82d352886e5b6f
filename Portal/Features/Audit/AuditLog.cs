using System.Data.Common;
using System.Text.Json;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Audit;

// Before: the Id of the last (oldest) event of the page before (keyset paging), null for the newest page.
public sealed record AuditQuery(string? Kind = null, string? Actor = null, int PageSize = 50, long? Before = null);

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

    // The same for a batch of n events (AppendManyAsync).
    private readonly string takeHeadForBatch = db.Dialect.UpdateReturning("AuditHead", "Length = Length + @n", "Id = 1", ["Length", "Hash"]);

    private const string MoveHead = "UPDATE AuditHead SET Hash = @Hash WHERE Id = 1";

    private static readonly string[] EventColumns = ["Kind", "Actor", "Subject", "Data", "CreatedUtc", "PreviousHash", "Hash"];

    // Events a transaction in AppendManyAsync, and rows a statement.
    private const int BatchRows = 1000;

    private readonly int rowsPerStatement = MultiRow.RowsPerStatement(db.Dialect, EventColumns.Length);

    private readonly string insertBatch = MultiRow.Insert("AuditEvent", EventColumns, MultiRow.RowsPerStatement(db.Dialect, EventColumns.Length));

    private const string InsertAndMoveHead = """
        INSERT INTO AuditEvent (Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash)
        VALUES (@Kind, @Actor, @Subject, @Data, @CreatedUtc, @PreviousHash, @Hash);
        UPDATE AuditHead SET Hash = @Hash WHERE Id = 1;
        """;

    // The staff list, newest first, a page at a time from the event before the last one shown (keyset paging): a filter's
    // index (Kind, Id) or (Actor, Id), or the key alone, is sought at the cursor and read backwards, so a page deep in ten
    // million events costs what the newest does. One statement for each filter that picks its index; kind and actor
    // together read the actor's (an actor's events are fewer than a kind's). Matches are counted up to KeysetPage.CountLimit; all events are the head's length.
    private readonly string selectPage = Search(db.Dialect, Columns, "");

    private readonly string selectPageOfKind = Search(db.Dialect, Columns, "Kind = @kind AND ");

    private readonly string selectPageOfActor = Search(db.Dialect, Columns, "Actor = @actor AND (@kind IS NULL OR Kind = @kind) AND ");

    private readonly string countOfKind = "SELECT COUNT(*) FROM (" + Search(db.Dialect, "Id", "Kind = @kind AND ") + ") x";

    private readonly string countOfActor = "SELECT COUNT(*) FROM (" + Search(db.Dialect, "Id", "Actor = @actor AND (@kind IS NULL OR Kind = @kind) AND ") + ") x";

    private const string Columns = "Id, Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash";

    private static string Search(SqlDialect dialect, string columns, string filter) =>
        dialect.Page($"SELECT {columns} FROM AuditEvent WHERE {filter}Id < @before ORDER BY Id DESC");

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

    // Many events at once, for the seed command (--audit-events): the same chain as one AppendAsync per event, written
    // BatchRows at a time, each batch in a transaction of its own that holds the head row. Reports the events written.
    public async Task AppendManyAsync(IEnumerable<(string Kind, string? Actor, string? Subject, object Data)> events, IProgress<long>? progress, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        long written = 0;
        foreach (var batch in events.Chunk(BatchRows))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var head = await c.QuerySingleAsync<AuditHeadRow>(new CommandDefinition(takeHeadForBatch, new { n = batch.Length }, tx, cancellationToken: ct));
            var previous = head.Hash;
            var now = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime);
            var rows = new List<AuditEvent>(batch.Length);
            foreach (var (kind, actor, subject, data) in batch)
            {
                var e = new AuditEvent { Kind = kind, Actor = actor, Subject = subject, Data = JsonSerializer.Serialize(data, Readable), CreatedUtc = now, PreviousHash = previous };
                rows.Add(e = e with { Hash = AuditChain.HashOf(previous, e) });
                previous = e.Hash;
            }
            await MultiRow.InsertAsync(c, tx, insertBatch, rowsPerStatement, n => MultiRow.Insert("AuditEvent", EventColumns, n), EventColumns,
                rows.Select(e => new object?[] { e.Kind, e.Actor, e.Subject, e.Data, e.CreatedUtc, e.PreviousHash, e.Hash }), ct);
            await c.ExecuteAsync(new CommandDefinition(MoveHead, new { Hash = previous }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            progress?.Report(written += rows.Count);
        }
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

    private const string SelectVerified = """
        SELECT LastEventId, Length, Hash, FullCheckedUtc, FullLength, FullFirstBadId FROM AuditVerified WHERE Id = 1
        """;

    private const string SelectHashOf = "SELECT Hash FROM AuditEvent WHERE Id = @id";

    private readonly string selectAfter = db.Dialect.Page("""
        SELECT Id, Kind, Actor, Subject, Data, CreatedUtc, PreviousHash, Hash FROM AuditEvent WHERE Id > @after ORDER BY Id
        """);

    // Only forward: of two verifications at once, the one that read further is kept.
    private const string AdvanceVerified = """
        UPDATE AuditVerified SET LastEventId = @lastEventId, Length = @length, Hash = @hash, CheckedUtc = @now
         WHERE Id = 1 AND Length < @length
        """;

    private const string RecordFullCheck = """
        UPDATE AuditVerified SET FullCheckedUtc = @now, FullLength = @length, FullFirstBadId = @firstBadId WHERE Id = 1
        """;

    private sealed record VerifiedRow
    {
        public long LastEventId { get; init; }
        public long Length { get; init; }
        public string Hash { get; init; } = "";
        public DateTime? FullCheckedUtc { get; init; }
        public long? FullLength { get; init; }
        public long? FullFirstBadId { get; init; }
    }

    // Every event from the first, against the head row; the result is recorded as the last full verification (the
    // daily round, the verify-audit command). Streamed: ten million events are read without holding them in memory.
    public async Task<ChainReport> VerifyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var head = await c.QuerySingleAsync<AuditHeadRow>(new CommandDefinition(SelectHead, cancellationToken: ct));
        var (report, lastId) = await VerifyAfterAsync(c, 0, 0, AuditChain.Genesis, head.Length, ct);
        report = AuditChain.AgainstHead(report, head.Length, head.Hash);
        var now = clock.GetUtcNow().UtcDateTime;
        await c.ExecuteAsync(new CommandDefinition(RecordFullCheck, new { now, length = report.Length, firstBadId = report.Missing ? 0 : report.FirstBadId }, cancellationToken: ct));
        if (report.IsIntact) await c.ExecuteAsync(new CommandDefinition(AdvanceVerified, new { lastEventId = lastId, length = report.Length, hash = report.HeadHash, now }, cancellationToken: ct));
        return report;
    }

    // When the last full verification completed and what it found; null before the first.
    public async Task<(DateTime CompletedUtc, ChainReport Report)?> LastFullVerificationAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var v = await c.QuerySingleAsync<VerifiedRow>(new CommandDefinition(SelectVerified, cancellationToken: ct));
        return v.FullCheckedUtc is { } at ? (DateTime.SpecifyKind(at, DateTimeKind.Utc), FullReport(v)) : null;
    }

    private static ChainReport FullReport(VerifiedRow v) =>
        new(v.FullLength ?? 0, "", v.FullFirstBadId is 0 ? null : v.FullFirstBadId) { Missing = v.FullFirstBadId == 0 };

    // The full verification when the last one completed `every` ago or longer (or never); null when it is not due.
    public async Task<ChainReport?> VerifyIfDueAsync(TimeSpan every, CancellationToken ct = default)
    {
        if (await LastFullVerificationAsync(ct) is { } last && clock.GetUtcNow().UtcDateTime - last.CompletedUtc < every) return null;
        return await VerifyAsync(ct);
    }

    // What is new since the last verification, from the event it ended on (which must still be there, unchanged) up to
    // the head: what GET /api/v1/audit/verify does, in a few reads however long the chain. A change to an event before
    // that point is found by the next full verification, whose result goes with every answer.
    public async Task<ChainCheck> VerifyNewAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var verified = await c.QuerySingleAsync<VerifiedRow>(new CommandDefinition(SelectVerified, cancellationToken: ct));
        var head = await c.QuerySingleAsync<AuditHeadRow>(new CommandDefinition(SelectHead, cancellationToken: ct));
        ChainReport report;
        var lastId = verified.LastEventId;
        if (verified.LastEventId > 0 && await c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectHashOf, new { id = verified.LastEventId }, cancellationToken: ct)) != verified.Hash)
        {
            report = new ChainReport(verified.Length, verified.Hash, verified.LastEventId);
        }
        else
        {
            (report, lastId) = await VerifyAfterAsync(c, verified.LastEventId, verified.Length, verified.Hash, head.Length, ct);
            report = AuditChain.AgainstHead(report, head.Length, head.Hash);
        }
        if (report.IsIntact && report.Length > verified.Length)
        {
            await c.ExecuteAsync(new CommandDefinition(AdvanceVerified,
                new { lastEventId = lastId, length = report.Length, hash = report.HeadHash, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        }
        var full = verified.FullCheckedUtc is null ? null : FullReport(verified);
        return new ChainCheck(report, Math.Max(0, report.Length - verified.Length), verified.FullCheckedUtc, full);
    }

    // The events after `after` (at most as many as the head counts beyond `length`), chained onto `previous`.
    private async Task<(ChainReport Report, long LastId)> VerifyAfterAsync(DbConnection c, long after, long length, string previous, long headLength,
        CancellationToken ct)
    {
        var lastId = after;
        var events = c.QueryUnbufferedAsync<AuditEvent>(selectAfter, new { after, skip = 0, take = Math.Max(0, headLength - length) });
        await foreach (var e in events.WithCancellation(ct))
        {
            if (!AuditChain.Fits(previous, e)) return (new ChainReport(length + 1, previous, e.Id), lastId);
            length++;
            previous = e.Hash;
            lastId = e.Id;
        }
        return (new ChainReport(length, previous, null), lastId);
    }

    public async Task<KeysetPage<AuditEvent>> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        var take = Math.Clamp(query.PageSize, 1, 200);
        var (select, count) = (query.Kind, query.Actor) switch
        {
            (_, not null) => (selectPageOfActor, countOfActor),
            (not null, null) => (selectPageOfKind, countOfKind),
            _ => (selectPage, null),
        };
        await using var c = await db.OpenAsync(ct);
        var items = (await c.QueryAsync<AuditEvent>(new CommandDefinition(select,
            new { kind = query.Kind, actor = query.Actor, before = query.Before ?? long.MaxValue, skip = 0, take = take + 1 }, cancellationToken: ct))).AsList();
        var matches = count is null
            ? (await c.QuerySingleAsync<AuditHeadRow>(new CommandDefinition(SelectHead, cancellationToken: ct))).Length
            : await c.ExecuteScalarAsync<long>(new CommandDefinition(count,
                new { kind = query.Kind, actor = query.Actor, before = long.MaxValue, skip = 0, take = KeysetPage.CountLimit + 1 }, cancellationToken: ct));
        return new KeysetPage<AuditEvent>(items.Take(take).ToList(), items.Count > take, matches);
    }
}
