using Dapper;
using Microsoft.Data.Sqlite;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Objections;

// The one way in for every objection, on a real SQLite file with the clock moved by hand: the period's end to the
// second, files kept only with their row, names of our own, duplicates within 24 hours.
public abstract class ObjectionIntakeTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly StaffActor Reviewer = new(1, "yuxi.reviewer", StaffRole.TownshipReviewer, RegionScope.Of(DemoDistrict.Townships[0].Code));

    // The test clock starts at 2026-11-28 10:00 in Shanghai; the announcement runs from 2026-11-28 to 2026-12-04.
    private static readonly DateOnly Start = new(2026, 11, 28);
    private static readonly DateOnly End = new(2026, 12, 4);

    private readonly TestDatabase database = TEngine.Create();
    private readonly TempFolder attachments = new("attachments");
    private long announcementId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(600, staff: true);
        var store = database.Announcements;
        var candidates = (await store.CandidatesAsync(AnnouncementKind.Identification, Guihua, Ct)).Take(4).Select(c => c.Id).ToList();
        var created = await store.CreateDraftAsync(AnnouncementKind.Identification, Guihua, candidates, Reviewer, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        announcementId = created.Id!.Value;
        Assert.Equal(Start, ShanghaiTime.Today(database.Clock.GetUtcNow()));
        var published = await store.PublishAsync(announcementId, (await store.GetAsync(announcementId, Ct))!.Concurrency, new Period(Start, End), Reviewer, Ct);
        Assert.True(published.IsAllowed, published.Rule);
    }

    public async ValueTask DisposeAsync()
    {
        attachments.Dispose();
        await database.DisposeAsync();
    }

    private ObjectionIntake Intake() => new(database.Announcements, new ObjectionStore(database.Db, database.Audit, database.Announcements), new AttachmentStorage(attachments.Path),
        new ObjectionRules(new LimitsOptions()), database.Protector, database.Clock, database.Review,
        new SubmissionLimiter(Microsoft.Extensions.Options.Options.Create(new LimitsOptions()), database.Get<AddressCounter>()));

    private ObjectionSubmission Submission(string? text = null, ObjectionCategory category = ObjectionCategory.WronglyIncluded, long? entryId = null,
        params IncomingFile[] files) =>
        new(announcementId, entryId, category, text ?? ObjectionTestKit.ValidText, Anonymous: true, null, null, null, Consent: true, files);

    private static IncomingFile File(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    // The mark staff see; the submitter is never told.
    private async Task<bool> FlaggedAsync(IntakeResult result) =>
        (await new ObjectionStore(database.Db, database.Audit, database.Announcements).GetAsync(result.Accepted!.Id, Ct))!.LikelyDuplicate;

    private async Task<long> CountAsync(string table)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        await c.ExecuteAsync(sql);
    }

    private IReadOnlyList<string> FilesOnDisk() => ObjectionTestKit.AttachmentFiles(attachments.Path);

    // ---- the period, to the second ----

    [Fact]
    public async Task Submit_OneSecondBeforeThePeriodEnds_IsAccepted()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 23, 59, 59, TimeSpan.FromHours(8)));

        var result = await Intake().SubmitAsync(Submission(files: File("photo.png", ObjectionTestKit.Png)), null, Ct);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Accepted);
        Assert.Equal(1, await CountAsync("Objection"));
        Assert.Single(FilesOnDisk());
    }

    [Fact]
    public async Task Submit_OneSecondAfterThePeriodEnds_IsRefusedAndLeavesNoRowAndNoFile()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 0, 0, 1, TimeSpan.FromHours(8)));

        var result = await Intake().SubmitAsync(Submission(files: File("photo.png", ObjectionTestKit.Png)), null, Ct);

        Assert.Null(result.Accepted);
        Assert.True(result.PeriodClosed);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("announcementId", "Objection.PeriodClosed"), (error.Field, error.Rule));
        Assert.Equal(["2026-11-28", "2026-12-04"], error.Args.Select(a => a.ToString()));
        Assert.Equal(0, await CountAsync("Objection"));
        Assert.Equal(0, await CountAsync("ObjectionEvent"));
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task Submit_AtMidnightAfterTheEndDate_IsRefused()
    {
        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero));

        var result = await Intake().SubmitAsync(Submission(), null, Ct);

        Assert.Equal("Objection.PeriodClosed", Assert.Single(result.Errors).Rule);
        Assert.Equal(0, await CountAsync("Objection"));
    }

    // ---- the period, inside the insert's transaction ----

    // The intake found the announcement open; by the time the store writes, it is no longer what the intake read. The
    // store reads it again inside its transaction and refuses with the rule's own words, and nothing is kept.
    private NewObjection AsTheIntakeBuiltIt(DateTimeOffset received) => new(announcementId, null, ObjectionCategory.WronglyIncluded, ObjectionTestKit.ValidText,
        database.Protector.Hash("objection-text", ObjectionTestKit.ValidText), true, null, ObjectionChannel.Web, null,
        database.Protector.Hash(ObjectionIntake.ReceiptPurpose, ObjectionRules.NewReceipt()), ReviewQueue.Township, DemoDistrict.Townships[0].Code, received.UtcDateTime);

    [Fact]
    public async Task Store_AnnouncementWithdrawnAfterTheIntakeCheckedIt_RefusesTheObjectionAndSavesNothing()
    {
        var now = database.Clock.GetUtcNow();
        Assert.Null(ObjectionRules.PeriodProblem(await database.Announcements.GetAsync(announcementId, Ct), now));
        var withdrawn = await database.Announcements.WithdrawAsync(announcementId, (await database.Announcements.GetAsync(announcementId, Ct))!.Concurrency,
            "名单有误，重新评议", Reviewer, Ct);
        Assert.True(withdrawn.IsAllowed, withdrawn.Rule);

        var saved = await new ObjectionStore(database.Db, database.Audit, database.Announcements).AddAsync(AsTheIntakeBuiltIt(now), [], Ct);

        Assert.Equal(("announcementId", "Objection.NotOpen"), (saved.PeriodProblem?.Field, saved.PeriodProblem?.Rule));
        Assert.Equal(0, await CountAsync("Objection"));
        Assert.Equal(0, await CountAsync("ObjectionEvent"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AuditEvent WHERE Kind = 'ObjectionReceived'"));
    }

    [Fact]
    public async Task Store_AnnouncementClosedAfterTheIntakeCheckedIt_RefusesTheObjection()
    {
        var received = new DateTimeOffset(2026, 12, 4, 23, 59, 59, TimeSpan.FromHours(8));
        database.Clock.SetUtcNow(received);
        Assert.Null(ObjectionRules.PeriodProblem(await database.Announcements.GetAsync(announcementId, Ct), received));
        database.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await database.Announcements.CloseExpiredAsync(Ct) > 0);

        var saved = await new ObjectionStore(database.Db, database.Audit, database.Announcements).AddAsync(AsTheIntakeBuiltIt(received), [], Ct);

        Assert.Equal("Objection.NotOpen", saved.PeriodProblem?.Rule);
        Assert.Equal(0, await CountAsync("Objection"));
    }

    // The same race through the intake: while it keeps the files (after its own check), another transaction holds the
    // database and withdraws the announcement. The intake's insert waits for it, then refuses with the rule's words and
    // deletes the files it kept.
    [Fact]
    public async Task Submit_AnnouncementWithdrawnAfterTheIntakeCheckedIt_IsRefusedAsNotOpenAndLeavesNoFile()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var withdrawal = await c.BeginTransactionAsync(Ct); // SQLite: BEGIN IMMEDIATE, the write lock
        if (database.Db.Provider == Portal.Infrastructure.Data.DatabaseProvider.PostgreSql)
        {
            // The withdrawal holds the announcement's row from the start, as SQLite's write lock holds everything.
            await c.ExecuteAsync("SELECT Id FROM Announcement WHERE Id = @announcementId FOR UPDATE", new { announcementId }, withdrawal);
        }
        var submitted = Intake().SubmitAsync(Submission(files: File("photo.png", ObjectionTestKit.Png)), null, Ct);
        for (var i = 0; i < 200 && FilesOnDisk().Count == 0 && !submitted.IsCompleted; i++) await Task.Delay(25, Ct);
        Assert.NotEmpty(FilesOnDisk());
        await c.ExecuteAsync("UPDATE Announcement SET Status = 'Withdrawn', StatusReason = '名单有误', Concurrency = Concurrency + 1 WHERE Id = @announcementId",
            new { announcementId }, withdrawal);
        await withdrawal.CommitAsync(Ct);

        var result = await submitted;

        Assert.Null(result.Accepted);
        Assert.True(result.PeriodClosed);
        Assert.Equal("Objection.NotOpen", Assert.Single(result.Errors).Rule);
        Assert.Equal(0, await CountAsync("Objection"));
        Assert.Empty(FilesOnDisk());
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    // ---- attachments: by their bytes, under our names, only with their row ----

    [Fact]
    public async Task Submit_WithAttachments_SavesTheirRowsAndFilesUnderServerGeneratedNames()
    {
        var result = await Intake().SubmitAsync(Submission(files: [File("我家的照片.jpg", ObjectionTestKit.Jpeg), File("扫描件.pdf", ObjectionTestKit.Png),
            File("证明.pdf", ObjectionTestKit.Pdf)]), null, Ct);

        Assert.Empty(result.Errors);
        var stored = await new ObjectionStore(database.Db, database.Audit, database.Announcements).AttachmentsAsync(result.Accepted!.Id, Ct);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], stored.Select(a => a.ContentType));
        Assert.Equal([".jpg", ".png", ".pdf"], stored.Select(a => Path.GetExtension(a.StoredName)));
        Assert.All(stored, a => Assert.Matches("^[0-9a-f]{32}\\.(jpg|png|pdf)$", a.StoredName));
        Assert.Equal(stored.Select(a => a.StoredName).Order(), FilesOnDisk().Order());
        // Kept: the files encoded afresh (AttachmentSanitizer), each row's size that of its file on disk.
        IdentifyingFiles.AssertCleanImage(await System.IO.File.ReadAllBytesAsync(Path.Combine(attachments.Path, stored[0].StoredName), Ct), ImageMagick.MagickFormat.Jpeg, 1, 1);
        IdentifyingFiles.AssertCleanImage(await System.IO.File.ReadAllBytesAsync(Path.Combine(attachments.Path, stored[1].StoredName), Ct), ImageMagick.MagickFormat.Png, 1, 1);
        Assert.Equal(stored.Select(a => new FileInfo(Path.Combine(attachments.Path, a.StoredName)).Length), stored.Select(a => a.SizeBytes));
        Assert.DoesNotContain(FilesOnDisk(), f => f.Contains("照片") || f.Contains("扫描件") || f.Contains("证明") || f.EndsWith(".part"));
    }

    [Theory]
    [InlineData("photo.jpg", "mz")]
    [InlineData("photo.jpg", "elf")]
    [InlineData("证明.pdf", "mz")]
    public async Task Submit_ExecutableWithAnInnocentName_IsRefusedNamingTheFileAndNothingIsKept(string name, string kind)
    {
        var bytes = kind == "mz" ? ObjectionTestKit.WindowsExecutable : ObjectionTestKit.Elf;

        var result = await Intake().SubmitAsync(Submission(files: [File("ok.png", ObjectionTestKit.Png), File(name, bytes)]), null, Ct);

        Assert.Null(result.Accepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("attachments", "Objection.AttachmentType"), (error.Field, error.Rule));
        Assert.Equal(name, Assert.Single(error.Args));
        Assert.Equal(0, await CountAsync("Objection"));
        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task Submit_StoreFailsBeforeTheRow_LeavesNoAttachmentFiles()
    {
        await ExecuteAsync("ALTER TABLE Objection RENAME TO Objection_Gone");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Intake().SubmitAsync(Submission(files: [File("a.png", ObjectionTestKit.Png), File("b.jpg", ObjectionTestKit.Jpeg)]), null, Ct));

        Assert.Empty(FilesOnDisk());
    }

    [Fact]
    public async Task Submit_StoreFailsAfterTheRow_RollsTheRowBackAndLeavesNoAttachmentFiles()
    {
        // The objection and its event are inserted, then the attachment rows cannot be: nothing may remain.
        await ExecuteAsync("DROP TABLE ObjectionAttachment");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Intake().SubmitAsync(Submission(files: [File("a.png", ObjectionTestKit.Png), File("b.pdf", ObjectionTestKit.Pdf)]), null, Ct));

        Assert.Empty(FilesOnDisk());
        Assert.Equal(0, await CountAsync("Objection"));
        Assert.Equal(0, await CountAsync("ObjectionEvent"));
    }

    // ---- what is kept ----

    [Fact]
    public async Task Submit_Accepted_KeepsTheReceiptOnlyAsAKeyedHashThatFindsTheCase()
    {
        var result = await Intake().SubmitAsync(Submission(), null, Ct);
        var receipt = result.Accepted!.Receipt;

        await using var c = await database.Db.OpenAsync(Ct);
        var hash = await c.ExecuteScalarAsync<string>("SELECT ReceiptHash FROM Objection WHERE Id = @id", new { id = result.Accepted.Id });
        var tracked = await Intake().TrackAsync(receipt, Ct);

        Assert.Matches("^[0-9]{16}$", receipt);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(database.Protector.Hash(ObjectionIntake.ReceiptPurpose, receipt), hash);
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(receipt))), hash);
        Assert.Equal(result.Accepted.CaseNumber, tracked?.CaseNumber);
        Assert.Matches("^恩阳-2026-[0-9]{6}$", result.Accepted.CaseNumber);
    }

    // Dates are Asia/Shanghai everywhere (SPEC §2): at 00:30 on 1 January in Enyang it is still 31 December in UTC, but
    // the case number printed beside "受理时间 2027-01-01 00:30" should carry the new year.
    [Fact]
    public async Task Submit_JustAfterMidnightOnNewYearsDayInShanghai_CaseNumberCarriesTheNewYear()
    {
        var village = DemoDistrict.Townships[0].Villages[1].Code;
        var store = database.Announcements;
        var candidates = (await store.CandidatesAsync(AnnouncementKind.Identification, village, Ct)).Take(2).Select(c => c.Id).ToList();
        var created = await store.CreateDraftAsync(AnnouncementKind.Identification, village, candidates, Reviewer, Ct);
        Assert.True(created.Result.IsAllowed, created.Result.Rule);
        var published = await store.PublishAsync(created.Id!.Value, (await store.GetAsync(created.Id.Value, Ct))!.Concurrency,
            new Period(new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)), Reviewer, Ct);
        Assert.True(published.IsAllowed, published.Rule);
        database.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(8)));

        var result = await Intake().SubmitAsync(Submission() with { AnnouncementId = created.Id.Value }, null, Ct);

        Assert.Matches("^恩阳-2027-[0-9]{6}$", result.Accepted!.CaseNumber);
    }

    // ---- duplicates ----

    [Fact]
    public async Task Submit_SameTextOnTheSameEntryWithin24Hours_IsAcceptedButFlagged()
    {
        var entry = (await database.Announcements.EntriesAsync(announcementId, Ct))[0].Id;
        var first = await Intake().SubmitAsync(Submission(entryId: entry), null, Ct);
        database.Clock.Advance(TimeSpan.FromHours(23));

        var second = await Intake().SubmitAsync(Submission(entryId: entry), null, Ct);

        Assert.False(await FlaggedAsync(first));
        Assert.True(await FlaggedAsync(second));
        Assert.Equal(2, await CountAsync("Objection"));
    }

    [Fact]
    public async Task Submit_SameTextOnTheSameEntryAfter24Hours_IsNotFlagged()
    {
        var entry = (await database.Announcements.EntriesAsync(announcementId, Ct))[0].Id;
        await Intake().SubmitAsync(Submission(entryId: entry), null, Ct);
        database.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var later = await Intake().SubmitAsync(Submission(entryId: entry), null, Ct);

        Assert.False(await FlaggedAsync(later));
    }

    [Fact]
    public async Task Submit_SameTextOnAnotherEntry_IsNotFlagged()
    {
        var entries = await database.Announcements.EntriesAsync(announcementId, Ct);
        await Intake().SubmitAsync(Submission(entryId: entries[0].Id), null, Ct);

        var other = await Intake().SubmitAsync(Submission(entryId: entries[1].Id), null, Ct);

        Assert.False(await FlaggedAsync(other));
    }

    // ---- routing, as stored ----

    [Fact]
    public async Task Submit_VillageStage_IsQueuedForItsTownship()
    {
        var result = await Intake().SubmitAsync(Submission(category: ObjectionCategory.WronglyIncluded), null, Ct);

        var row = await new ObjectionStore(database.Db, database.Audit, database.Announcements).GetAsync(result.Accepted!.Id, Ct);

        Assert.Equal(ReviewQueue.Township, row!.Queue);
        Assert.Equal(DemoDistrict.Townships[0].Code, row.QueueRegionCode);
        Assert.Equal(ObjectionState.Received, row.State);
    }

    [Fact]
    public async Task Submit_MisuseOfFunds_IsQueuedForTheDistrictsDisciplineInspection()
    {
        var result = await Intake().SubmitAsync(Submission(category: ObjectionCategory.MisuseOfFunds), null, Ct);

        var row = await new ObjectionStore(database.Db, database.Audit, database.Announcements).GetAsync(result.Accepted!.Id, Ct);

        Assert.Equal(ReviewQueue.DisciplineInspection, row!.Queue);
        Assert.Equal(DemoDistrict.DistrictCode, row.QueueRegionCode);
    }
}

public sealed class SqliteObjectionIntakeTests : ObjectionIntakeTests<SqliteEngine>;

public sealed class PostgreSqlObjectionIntakeTests : ObjectionIntakeTests<PostgreSqlEngine>;

public sealed class SqlServerObjectionIntakeTests : ObjectionIntakeTests<SqlServerEngine>;
