using Portal.Infrastructure;
using System.Text.Json;
using Portal.Features.Announcements;
using Portal.Features.Accounts;
using Portal.Infrastructure.Security;

namespace Portal.Features.Objections;

// Where a township case goes when no township reviewer may decide it: Review's to answer, asked after each receipt.
public interface IReceivedCaseRouting
{
    Task<bool> RouteIfStrandedAsync(long objectionId, CancellationToken ct = default);
}

public sealed record Lookup(TrackedObjection? Tracked, string? Receipt, TimeSpan? BlockedFor);

// An answer's refusals, each naming its field; RetryAfter when the address has sent too much this hour.
public sealed record AnswerResult(IReadOnlyList<RuleResult> Errors, TimeSpan? RetryAfter = null)
{
    public bool Accepted => Errors.Count == 0 && RetryAfter is null;
}

// RetryAfter when the address has had its allowance of accepted objections this hour.
public sealed record IntakeResult(SubmittedObjection? Accepted, IReadOnlyList<RuleResult> Errors, bool PeriodClosed = false, TimeSpan? RetryAfter = null)
{
    public static IntakeResult Invalid(params RuleResult[] errors) => new(null, errors);
}

// The one way an objection comes in — web form, API or a clerk's entry: checked against the period and the rules,
// files kept under names of our own, identity encrypted, receipt hashed, then saved in one transaction. The
// receipt leaves only after the commit.
public sealed class ObjectionIntake(AnnouncementStore announcements, ObjectionStore objections, AttachmentStorage storage,
    ObjectionRules rules, PersonalDataProtector protector, TimeProvider clock, IReceivedCaseRouting routing, SubmissionLimiter limiter)
{
    public const string ReceiptPurpose = "objection-receipt";
    private const string TextPurpose = "objection-text";

    // enteredBy: the clerk or reviewer entering an objection received by phone, in person or by letter; null on the web.
    // address: where a resident's post came from, counted only once the objection is accepted; null for staff entry.
    public async Task<IntakeResult> SubmitAsync(ObjectionSubmission s, StaffActor? enteredBy, CancellationToken ct = default, string? address = null)
    {
        var now = clock.GetUtcNow();
        var announcement = await announcements.GetAsync(s.AnnouncementId, ct);
        if (ObjectionRules.PeriodProblem(announcement, now) is { } closed)
        {
            return new IntakeResult(null, [closed], PeriodClosed: announcement is not null && announcement.Status != AnnouncementStatus.Draft);
        }
        var errors = new List<RuleResult>();
        AnnouncementEntry? entry = null;
        if (ObjectionRules.ChannelProblem(s.Channel, enteredBy, announcement!.RegionCode) is { } channel) errors.Add(channel);
        if (s.EntryId is { } entryId)
        {
            entry = (await announcements.EntriesAsync(announcement!.Id, ct)).FirstOrDefault(e => e.Id == entryId);
            if (entry is null || entry.Withdrawn) errors.Add(RuleResult.RefuseField("entryId", "Objection.EntryNotFound"));
        }
        var kinds = Kinds(s.Attachments);
        errors.AddRange(rules.Validate(s, kinds));
        if (errors.Count > 0) return new IntakeResult(null, errors);
        if (address is not null && await limiter.ReserveAsync(address, ct) is { } wait) return new IntakeResult(null, [], RetryAfter: wait);

        var stored = new List<StoredAttachment>();
        var accepted = false;
        try
        {
            var (clean, unreadable) = await CleanAsync(s.Attachments, kinds, ct);
            if (unreadable.Count > 0) return new IntakeResult(null, unreadable);
            foreach (var (bytes, kind, name) in clean) stored.Add(await storage.SaveAsync(bytes, kind, name, ct));
            // Kept exactly as written: leading full-width spaces indent a Chinese paragraph, and the complainant
            // must find their own words on the track page unchanged.
            var text = s.Text!;
            var receipt = ObjectionRules.NewReceipt();
            var (queue, region) = ObjectionRules.Route(announcement!, s.Category!.Value);
            var identity = s.Anonymous ? null : protector.Protect(JsonSerializer.Serialize(new ComplainantIdentity(s.Name!.Trim(), s.Phone!.Trim(), s.Relation!.Trim())));
            var saved = await objections.AddAsync(new NewObjection(
                announcement!.Id, s.EntryId, s.Category.Value, text,
                protector.Hash(TextPurpose, $"{s.EntryId}|{ObjectionRules.NormalizedText(text)}"),
                s.Anonymous, identity, s.Channel, enteredBy?.UserName, protector.Hash(ReceiptPurpose, receipt), queue, region, now.UtcDateTime, entry?.HouseholdId), stored, ct);
            // Withdrawn or closed while this one was on its way: refused as if it had come after.
            if (saved.PeriodProblem is { } closedMeanwhile)
            {
                storage.Delete(stored);
                return new IntakeResult(null, [closedMeanwhile], PeriodClosed: true);
            }
            accepted = true;
            if (queue == ReviewQueue.Township) await RouteIfStrandedAsync(saved.Id, ct);
            return new IntakeResult(new SubmittedObjection(saved.Id, saved.CaseNumber, receipt, ObjectionState.Received, s.Anonymous), []);
        }
        catch
        {
            // Nothing half-saved: the files go when the row does not come.
            storage.Delete(stored);
            throw;
        }
        finally
        {
            if (!accepted && address is not null) await limiter.ReleaseAsync(address);
        }
    }

    // The objection is saved and acknowledged whatever happens here: if sending it on fails, the minute job does it.
    private async Task RouteIfStrandedAsync(long id, CancellationToken ct)
    {
        try
        {
            await routing.RouteIfStrandedAsync(id, ct);
        }
        catch (System.Data.Common.DbException)
        {
        }
    }

    public Task<TrackedObjection?> TrackAsync(string receipt, CancellationToken ct = default) =>
        objections.TrackAsync(protector.Hash(ReceiptPurpose, receipt), ct);

    // A receipt typed by a person, from an address. A right one is always answered: others behind the same address
    // typing wrong ones must not lock a villager out of their case, and a guess among 10^16 receipts cannot find one.
    // A wrong one counts against the address; too many and its wrong ones are answered with the wait.
    public async Task<Lookup> LookUpAsync(string? input, string address, FailedLookupLimiter failures, CancellationToken ct = default)
    {
        var receipt = ObjectionRules.NormalizeReceipt(input);
        var tracked = receipt is null ? null : await TrackAsync(receipt, ct);
        if (tracked is not null) return new Lookup(tracked, receipt, null);
        if (await failures.BlockedForAsync(address, ct) is { } wait) return new Lookup(null, null, wait);
        await failures.RecordFailureAsync(address, ct);
        return new Lookup(null, null, null);
    }

    // A complainant's answer on the track page: counted against the address like a submission once accepted, refused
    // on a closed case, 10–5,000 characters and at most one attachment, checked like the objection.
    public async Task<AnswerResult> AnswerAsync(string receipt, string? text, IncomingFile? file, string address, CancellationToken ct = default)
    {
        IReadOnlyList<IncomingFile> files = file is null ? [] : [file];
        var kinds = Kinds(files);
        var errors = rules.Validate(new ObjectionSubmission(0, null, ObjectionCategory.Other, text, true, null, null, null, true, files), kinds);
        if (errors.Count > 0) return new AnswerResult(errors);
        if (await limiter.ReserveAsync(address, ct) is { } wait) return new AnswerResult([], wait);
        var stored = new List<StoredAttachment>();
        var accepted = false;
        try
        {
            var (clean, unreadable) = await CleanAsync(files, kinds, ct);
            if (unreadable.Count > 0) return new AnswerResult(unreadable);
            foreach (var (bytes, kind, name) in clean) stored.Add(await storage.SaveAsync(bytes, kind, name, ct));
            var saved = await objections.AddComplainantMessageAsync(protector.Hash(ReceiptPurpose, receipt), text!, stored, clock.GetUtcNow().UtcDateTime, ct);
            accepted = saved.IsAllowed;
            if (saved.IsAllowed) return new AnswerResult([]);
            storage.Delete(stored);
            return new AnswerResult([saved with { Field = "answer" }]);
        }
        catch
        {
            storage.Delete(stored);
            throw;
        }
        finally
        {
            if (!accepted) await limiter.ReleaseAsync(address);
        }
    }

    // Each file's kind by its first bytes; none when there are too many files to look at.
    private IReadOnlyList<AttachmentKind?> Kinds(IReadOnlyList<IncomingFile> files) =>
        files.Count <= rules.Limits.AttachmentsPerObjection
            ? files.Select(f => f.Length is > 0 && f.Length <= rules.Limits.AttachmentBytes ? AttachmentSniffer.Kind(f) : null).ToList()
            : [];

    // Every file of a valid submission made anew without what could tell who sent it (AttachmentSanitizer); a file
    // that cannot be read as what its first bytes say is refused, naming it.
    private static async Task<(List<(byte[] Bytes, AttachmentKind Kind, string FileName)> Clean, List<RuleResult> Unreadable)> CleanAsync(
        IReadOnlyList<IncomingFile> files, IReadOnlyList<AttachmentKind?> kinds, CancellationToken ct)
    {
        var clean = new List<(byte[], AttachmentKind, string)>();
        var unreadable = new List<RuleResult>();
        for (var i = 0; i < files.Count; i++)
        {
            var kind = kinds[i]!.Value;
            using var upload = new MemoryStream();
            await using (var source = files[i].Open()) await source.CopyToAsync(upload, ct);
            if (AttachmentSanitizer.Clean(upload.ToArray(), kind) is { } bytes) clean.Add((bytes, kind, files[i].FileName));
            else unreadable.Add(ObjectionRules.UnreadableAttachment(files[i].FileName, kind));
        }
        return (clean, unreadable);
    }
}
