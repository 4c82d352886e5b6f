using System.Text.Json;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Regions;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Calendar;

// The calendar as administrators keep it: every edit checked on the server, audited with it, and seen by the next
// deadline at once; another instance sees it within the minute.
public abstract class CalendarStoreTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private static readonly StaffActor Admin = new(1, "admin", StaffRole.Administrator, RegionScope.Of("511302000000"));
    private static readonly StaffActor Clerk = new(2, "guihua.clerk", StaffRole.VillageClerk, RegionScope.Of("511302100001"));

    private TestDatabase database = default!;
    private CalendarStore store = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    public async ValueTask InitializeAsync()
    {
        database = await TEngine.Create().MigrateAsync();
        store = new CalendarStore(database.Db, database.Audit, database.Clock);
        await store.SeedAsync(ChinaSchedule.All, Ct);
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) =>
        (await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    [Fact]
    public async Task Seed_FreshDatabase_Loads2026OnceFromTheStateCouncilNotice()
    {
        var calendar = await store.CurrentAsync(Ct);

        Assert.True(calendar.HasYear(2026));
        Assert.True(calendar.IsWorkingDay(D(2026, 10, 10)));
        Assert.False(calendar.IsWorkingDay(D(2026, 10, 1)));
        Assert.Empty(await store.SeedAsync(ChinaSchedule.All, Ct));
        var year = await store.YearAsync(2026, Ct);
        Assert.Contains("2026年部分节假日安排", year.Loaded!.Source);
        Assert.Equal(25, year.Days.Count);
    }

    [Fact]
    public async Task Save_NewHolidayByAdministrator_CountsAtOnceAndIsAudited()
    {
        Assert.True((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 12, 31)));

        var result = await store.SaveAsync(D(2026, 12, 31), CalendarDayKind.Holiday, " 县庆 ", Admin, Ct);

        Assert.True(result.IsAllowed);
        Assert.False((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 12, 31)));
        var e = Assert.Single(await EventsAsync("CalendarDayAdded"));
        Assert.Equal("calendar:2026-12-31", e.Subject);
        Assert.Equal("admin", e.Actor);
        Assert.Equal("县庆", JsonDocument.Parse(e.Data!).RootElement.GetProperty("name").GetString());
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
    }

    [Fact]
    public async Task Save_ExistingDay_ChangesItAndAuditsWhatItWas()
    {
        var result = await store.SaveAsync(D(2026, 10, 1), CalendarDayKind.Holiday, "国庆", Admin, Ct);

        Assert.True(result.IsAllowed);
        Assert.Equal("国庆", (await store.YearAsync(2026, Ct)).Days.Single(d => d.Date == D(2026, 10, 1)).Name);
        var data = JsonDocument.Parse(Assert.Single(await EventsAsync("CalendarDayChanged")).Data!).RootElement;
        Assert.Equal("国庆节", data.GetProperty("previousName").GetString());
        Assert.Equal("calendar:2026-10-01", Assert.Single(await EventsAsync("CalendarDayChanged")).Subject);
    }

    [Fact]
    public async Task Remove_MakeUpSaturday_MakesItADayOffAgainAndIsAudited()
    {
        Assert.True((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 10, 10)));

        Assert.True((await store.RemoveAsync(D(2026, 10, 10), Admin, Ct)).IsAllowed);

        Assert.False((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 10, 10)));
        Assert.Equal("calendar:2026-10-10", Assert.Single(await EventsAsync("CalendarDayRemoved")).Subject);
        Assert.Equal("date", (await store.RemoveAsync(D(2026, 10, 10), Admin, Ct)).Field);
    }

    [Fact]
    public async Task Edit_ByANonAdministrator_IsRefusedAndChangesNothing()
    {
        var saved = await store.SaveAsync(D(2026, 12, 31), CalendarDayKind.Holiday, "县庆", Clerk, Ct);
        var removed = await store.RemoveAsync(D(2026, 10, 10), Clerk, Ct);

        Assert.Equal("Calendar.AdministratorsOnly", saved.Rule);
        Assert.Equal("Calendar.AdministratorsOnly", removed.Rule);
        var calendar = await store.CurrentAsync(Ct);
        Assert.True(calendar.IsWorkingDay(D(2026, 12, 31)));
        Assert.True(calendar.IsWorkingDay(D(2026, 10, 10)));
        Assert.Equal(0, (await database.Audit.HeadAsync(Ct)).Length);
    }

    [Theory]
    [InlineData("2026-10-17", CalendarDayKind.Holiday, "kind", "Calendar.HolidayOnWeekend")]
    [InlineData("2026-12-30", CalendarDayKind.MakeUpWorkday, "kind", "Calendar.MakeUpOnWeekday")]
    [InlineData("2026-12-30", (CalendarDayKind)9, "kind", "Calendar.KindInvalid")]
    [InlineData("2101-01-03", CalendarDayKind.MakeUpWorkday, "date", "Calendar.DateOutOfRange")]
    public async Task Save_ImpossibleDay_IsRefusedNamingTheFieldAndChangesNothing(string date, CalendarDayKind kind, string field, string rule)
    {
        var day = DateOnly.Parse(date);
        var working = (await store.CurrentAsync(Ct)).IsWorkingDay(day);

        var result = await store.SaveAsync(day, kind, "县庆", Admin, Ct);

        Assert.Equal(rule, result.Rule);
        Assert.Equal(field, result.Field);
        Assert.Equal(working, (await store.CurrentAsync(Ct)).IsWorkingDay(day));
        Assert.Equal(0, (await database.Audit.HeadAsync(Ct)).Length);
    }

    [Fact]
    public async Task Save_InAYearWithNoCalendar_StartsThatYearAsEnteredByTheAdministrator()
    {
        Assert.True((await store.CurrentAsync(Ct)).IsFallback(2030));

        Assert.True((await store.SaveAsync(D(2030, 1, 1), CalendarDayKind.Holiday, "元旦", Admin, Ct)).IsAllowed);

        var calendar = await store.CurrentAsync(Ct);
        Assert.False(calendar.IsFallback(2030));
        Assert.False(calendar.IsWorkingDay(D(2030, 1, 1)));
        Assert.Equal(CalendarStore.StaffSourcePrefix + "admin", (await store.YearAsync(2030, Ct)).Loaded!.Source);
    }

    [Fact]
    public async Task EditOnAnotherInstance_IsSeenWithinTheMinute()
    {
        var other = new CalendarStore(database.Db, database.Audit, database.Clock);
        Assert.True((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 12, 31)));

        await other.SaveAsync(D(2026, 12, 31), CalendarDayKind.Holiday, "县庆", Admin, Ct);

        Assert.True((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 12, 31)));
        database.Clock.Advance(CalendarStore.CacheLifetime);
        Assert.False((await store.CurrentAsync(Ct)).IsWorkingDay(D(2026, 12, 31)));
    }
}

public sealed class SqliteCalendarStoreTests : CalendarStoreTests<SqliteEngine>;

public sealed class SqlServerCalendarStoreTests : CalendarStoreTests<SqlServerEngine>;

public sealed class PostgreSqlCalendarStoreTests : CalendarStoreTests<PostgreSqlEngine>;
