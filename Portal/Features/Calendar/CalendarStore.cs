using System.Data.Common;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Calendar;

// A year as the calendar page shows it: whether its schedule is loaded (and from where), and its exceptional dates.
public sealed record CalendarYearView(int Year, CalendarYear? Loaded, IReadOnlyList<CalendarDay> Days);

// The one owner of CalendarYear and CalendarDay. Deadlines read the calendar through CurrentAsync, which re-reads the
// tables at most once a minute, and at once after an edit made by this instance (another instance sees it within
// the minute). Every edit is checked here, on the server, and audited in its own transaction.
public sealed class CalendarStore(DbConnectionFactory db, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);

    // A year an administrator started by entering its first day records who did, as "staff:<user name>".
    public const string StaffSourcePrefix = "staff:";

    private const string SelectYears = "SELECT Year, Source, LoadedUtc FROM CalendarYear ORDER BY Year";

    private const string SelectDays = "SELECT Date, Kind, Name FROM CalendarDay ORDER BY Date";

    private const string SelectYear = "SELECT Year, Source, LoadedUtc FROM CalendarYear WHERE Year = @year";

    private const string SelectDaysOfYear = """
        SELECT Date, Kind, Name
          FROM CalendarDay
         WHERE Year = @year
         ORDER BY Date
        """;

    private const string SelectDay = "SELECT Date, Kind, Name FROM CalendarDay WHERE Date = @date";

    private const string InsertYear = "INSERT INTO CalendarYear (Year, Source, LoadedUtc) VALUES (@year, @source, @now)";

    private const string InsertDay = """
        INSERT INTO CalendarDay (Date, Year, Kind, Name, UpdatedUtc)
        VALUES (@date, @year, @kind, @name, @now)
        """;

    private const string UpdateDay = "UPDATE CalendarDay SET Kind = @kind, Name = @name, UpdatedUtc = @now WHERE Date = @date";

    private const string DeleteDay = "DELETE FROM CalendarDay WHERE Date = @date";

    private Snapshot? snapshot;
    private long generation;

    public async Task<WorkingDays> CurrentAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref snapshot) is { } s && now >= s.ReadAt && now - s.ReadAt < CacheLifetime) return s.Calendar;
        var seen = Interlocked.Read(ref generation);
        await using var c = await db.OpenAsync(ct);
        var years = (await c.QueryAsync<YearRow>(new CommandDefinition(SelectYears, cancellationToken: ct))).Select(y => y.Year);
        var days = (await c.QueryAsync<DayRow>(new CommandDefinition(SelectDays, cancellationToken: ct))).Select(d => d.Day);
        var calendar = new WorkingDays(years, days);
        // An edit made while this read ran may not be in it: keep it for this caller only.
        if (Interlocked.Read(ref generation) == seen) Volatile.Write(ref snapshot, new Snapshot(calendar, now));
        return calendar;
    }

    public async Task<CalendarYearView> YearAsync(int year, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var loaded = await c.QuerySingleOrDefaultAsync<YearRow>(new CommandDefinition(SelectYear, new { year }, cancellationToken: ct));
        var days = await c.QueryAsync<DayRow>(new CommandDefinition(SelectDaysOfYear, new { year }, cancellationToken: ct));
        return new CalendarYearView(year, loaded?.Loaded, days.Select(d => d.Day).ToList());
    }

    // Adds the date, or changes the one already there. The first date entered for a year with no schedule makes the
    // year count as loaded from then on.
    public async Task<RuleResult> SaveAsync(DateOnly? day, CalendarDayKind kind, string? name, StaffActor actor, CancellationToken ct = default)
    {
        var allowed = CalendarDayRules.CanEdit(actor);
        if (!allowed.IsAllowed) return allowed;
        var valid = CalendarDayRules.Check(day, kind, name);
        if (!valid.IsAllowed) return valid;
        var date = day!.Value;
        var args = new { date, year = date.Year, kind = kind.ToString(), name = name!.Trim(), now = clock.GetUtcNow().UtcDateTime };

        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        try
        {
            var before = await c.QuerySingleOrDefaultAsync<DayRow>(new CommandDefinition(SelectDay, new { date }, tx, cancellationToken: ct));
            if (before is null)
            {
                if (await c.QuerySingleOrDefaultAsync<YearRow>(new CommandDefinition(SelectYear, new { year = date.Year }, tx, cancellationToken: ct)) is null)
                {
                    await c.ExecuteAsync(new CommandDefinition(InsertYear, new { year = date.Year, source = StaffSourcePrefix + actor.UserName, args.now }, tx, cancellationToken: ct));
                }
                await c.ExecuteAsync(new CommandDefinition(InsertDay, args, tx, cancellationToken: ct));
                await audit.AppendAsync(c, tx, "CalendarDayAdded", actor.UserName, Subject(date), new { date = Text(date), kind = args.kind, name = args.name }, ct);
            }
            else
            {
                await c.ExecuteAsync(new CommandDefinition(UpdateDay, args, tx, cancellationToken: ct));
                await audit.AppendAsync(c, tx, "CalendarDayChanged", actor.UserName, Subject(date),
                    new { date = Text(date), kind = args.kind, name = args.name, previousKind = before.Kind, previousName = before.Name }, ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            // Another administrator entered the same date, or started the same year, at the same moment.
            return RuleResult.RefuseField("date", "Calendar.ChangedMeanwhile");
        }
        Invalidate();
        return RuleResult.Allowed;
    }

    public async Task<RuleResult> RemoveAsync(DateOnly date, StaffActor actor, CancellationToken ct = default)
    {
        var allowed = CalendarDayRules.CanEdit(actor);
        if (!allowed.IsAllowed) return allowed;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var before = await c.QuerySingleOrDefaultAsync<DayRow>(new CommandDefinition(SelectDay, new { date }, tx, cancellationToken: ct));
        if (before is null) return RuleResult.RefuseField("date", "Calendar.DayNotFound", Text(date));
        await c.ExecuteAsync(new CommandDefinition(DeleteDay, new { date }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "CalendarDayRemoved", actor.UserName, Subject(date), new { date = Text(date), kind = before.Kind, name = before.Name }, ct);
        await tx.CommitAsync(ct);
        Invalidate();
        return RuleResult.Allowed;
    }

    // Loads each shipped schedule whose year the database does not have yet; a year already there (seeded before, or
    // started by an administrator) is left as it is. Returns the years loaded.
    public async Task<IReadOnlyList<int>> SeedAsync(IEnumerable<PublishedSchedule> schedules, CancellationToken ct = default)
    {
        var loaded = new List<int>();
        foreach (var schedule in schedules)
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            if (await c.QuerySingleOrDefaultAsync<YearRow>(new CommandDefinition(SelectYear, new { year = schedule.Year }, tx, cancellationToken: ct)) is not null) continue;
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                await c.ExecuteAsync(new CommandDefinition(InsertYear, new { year = schedule.Year, source = schedule.Source, now }, tx, cancellationToken: ct));
                var rows = schedule.Days().Select(d => new { date = d.Date, year = d.Date.Year, kind = d.Kind.ToString(), name = d.Name, now });
                await c.ExecuteAsync(new CommandDefinition(InsertDay, rows, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            catch (DbException e) when (e.IsUniqueViolation())
            {
                // Another instance, starting at the same time, loaded it first.
                continue;
            }
            loaded.Add(schedule.Year);
        }
        if (loaded.Count > 0) Invalidate();
        return loaded;
    }

    private void Invalidate()
    {
        Interlocked.Increment(ref generation);
        Volatile.Write(ref snapshot, null);
    }

    private static string Subject(DateOnly date) => "calendar:" + Text(date);

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Snapshot(WorkingDays Calendar, DateTimeOffset ReadAt);

    private sealed record YearRow
    {
        public int Year { get; init; }
        public string Source { get; init; } = "";
        public DateTime LoadedUtc { get; init; }
        public CalendarYear Loaded => new(Year, Source, LoadedUtc);
    }

    private sealed record DayRow
    {
        public DateOnly Date { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public CalendarDay Day => new(Date, Enum.Parse<CalendarDayKind>(Kind), Name);
    }
}
