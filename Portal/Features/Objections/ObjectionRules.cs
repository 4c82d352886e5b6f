using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portal.Features.Announcements;
using Portal.Infrastructure;
using Portal.Features.Regions;

namespace Portal.Features.Objections;

public sealed class LimitsOptions
{
    public const string Section = "Limits";

    // Accepted objections and answers; sized for a village behind one shared address (SubmissionLimiter).
    [Range(1, int.MaxValue)]
    public int ObjectionsPerHourPerAddress { get; set; } = 60;
    [Range(1, int.MaxValue)]
    public int FailedTrackLookupsPerHourPerAddress { get; set; } = 10;
    // A phone photo of 12–48 megapixels fits.
    [Range(typeof(long), "1", "1073741824")]
    public long AttachmentBytes { get; set; } = 10 * 1024 * 1024;
    [Range(0, 100)]
    public int AttachmentsPerObjection { get; set; } = 5;

    // Live Blazor circuits (staff windows) one address may hold at once; see Infrastructure/CircuitLimit.
    [Range(1, int.MaxValue)]
    public int CircuitsPerAddress { get; set; } = 20;

    // The largest message a browser may send on a circuit; a larger one closes that circuit's connection.
    [Range(typeof(long), "1024", "2147483647")]
    public long CircuitMessageBytes { get; set; } = 32 * 1024;

    // Everything a submission may carry, with room for the form fields and multipart framing.
    public long RequestBytes => AttachmentBytes * AttachmentsPerObjection + 256 * 1024;
}

// What an objection must be (SPEC §2 Objections): the rules, the routing and the receipt. Pure.
public sealed class ObjectionRules(LimitsOptions limits)
{
    public ObjectionRules(Microsoft.Extensions.Options.IOptions<LimitsOptions> limits) : this(limits.Value) { }

    public const int MinimumText = 10;
    public const int MaximumText = 5000;
    public const int MaximumName = 50;
    public const int MaximumRelation = 50;

    public LimitsOptions Limits => limits;

    // Every problem with a submission, each naming its field and rule; empty when it may be accepted.
    public IReadOnlyList<RuleResult> Validate(ObjectionSubmission s, IReadOnlyList<AttachmentKind?> attachmentKinds)
    {
        var errors = new List<RuleResult>();
        if (!string.IsNullOrEmpty(s.Honeypot)) errors.Add(RuleResult.RefuseField("form", "Objection.Rejected"));
        if (s.Category is null || !Enum.IsDefined(s.Category.Value)) errors.Add(RuleResult.RefuseField("category", "Objection.CategoryRequired"));
        errors.AddRange(TextProblems(s.Text));
        // A name typed with anonymous chosen is asked about, never dropped: the resident may have meant to be named.
        if (s.Anonymous && !(IsBlank(s.Name) && IsBlank(s.Phone) && IsBlank(s.Relation)))
        {
            errors.Add(RuleResult.RefuseField(!IsBlank(s.Name) ? "name" : !IsBlank(s.Phone) ? "phone" : "relation", "Objection.IdentityWhileAnonymous"));
        }
        if (!s.Anonymous)
        {
            if (IsBlank(s.Name)) errors.Add(RuleResult.RefuseField("name", "Objection.NameRequired"));
            else if (!IsLine(s.Name, MaximumName)) errors.Add(RuleResult.RefuseField("name", "Objection.NameInvalid", MaximumName));
            if (!IsPhone(s.Phone)) errors.Add(RuleResult.RefuseField("phone", "Objection.PhoneInvalid"));
            if (IsBlank(s.Relation)) errors.Add(RuleResult.RefuseField("relation", "Objection.RelationRequired"));
            else if (!IsLine(s.Relation, MaximumRelation)) errors.Add(RuleResult.RefuseField("relation", "Objection.RelationInvalid", MaximumRelation));
        }
        if (!s.Consent) errors.Add(RuleResult.RefuseField("consent", "Objection.ConsentRequired"));
        if (s.Attachments.Count > limits.AttachmentsPerObjection)
        {
            errors.Add(RuleResult.RefuseField("attachments", "Objection.TooManyAttachments", limits.AttachmentsPerObjection));
        }
        for (var i = 0; i < s.Attachments.Count && i < attachmentKinds.Count; i++)
        {
            var file = s.Attachments[i];
            if (file.Length > limits.AttachmentBytes) errors.Add(RuleResult.RefuseField("attachments", "Objection.AttachmentTooLarge", file.FileName, Megabytes(limits.AttachmentBytes)));
            else if (file.Length == 0) errors.Add(RuleResult.RefuseField("attachments", "Objection.AttachmentEmpty", file.FileName));
            else if (attachmentKinds[i] is null) errors.Add(RuleResult.RefuseField("attachments", "Objection.AttachmentType", file.FileName));
        }
        return errors;
    }

    // A file whose first bytes say JPEG, PNG or PDF but which cannot be read as one (or is a PDF locked by a password)
    // is not kept: it could not be cleaned of what would tell who sent it.
    public static RuleResult UnreadableAttachment(string fileName, AttachmentKind kind) =>
        kind == AttachmentKind.Pdf
            ? RuleResult.RefuseField("attachments", "Objection.AttachmentPdfUnreadable", fileName)
            : RuleResult.RefuseField("attachments", "Objection.AttachmentImageUnreadable", fileName, AttachmentSanitizer.MaximumSide, AttachmentSanitizer.MaximumPixels / 1_000_000);

    // What a complainant writes — the objection, an answer, an appeal: 10–5,000 characters, no control characters and
    // nothing that is not text (a lone surrogate, or the replacement character a broken encoding leaves behind),
    // since what is kept must be shown back exactly as it came.
    public static IReadOnlyList<RuleResult> TextProblems(string? text)
    {
        var errors = new List<RuleResult>();
        var visible = VisibleLength(text);
        var length = TextLength(text);
        if (visible < MinimumText) errors.Add(RuleResult.RefuseField("text", "Objection.TextTooShort", MinimumText, visible));
        else if (length > MaximumText) errors.Add(RuleResult.RefuseField("text", "Objection.TextTooLong", MaximumText, length));
        if (text is not null && ContainsControl(text)) errors.Add(RuleResult.RefuseField("text", "Objection.TextControlCharacters"));
        if (text is not null && ContainsUnreadable(text)) errors.Add(RuleResult.RefuseField("text", "Objection.TextUnreadable"));
        return errors;
    }

    // A closed case takes no more answers from the complainant; every other state does.
    public static RuleResult? AnswerProblem(ObjectionState state) =>
        state == ObjectionState.Closed ? RuleResult.Refuse("Objection.AnswerClosed") : null;

    // An id typed into a form or a query: absent is null; anything but digits is an id no row has, so that it is
    // refused as unknown rather than silently dropped.
    public static long? ReadId(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : 0;

    // A category by its name, in any case; a number is not a name, even one Enum.TryParse would take.
    public static ObjectionCategory? ReadCategory(string? value) =>
        Enum.TryParse<ObjectionCategory>(value, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(value, out _) ? c : null;

    // Objections are accepted only while the announcement is published and now is inside its period.
    public static RuleResult? PeriodProblem(Announcement? a, DateTimeOffset now)
    {
        if (a is null || a.Status == AnnouncementStatus.Draft) return RuleResult.RefuseField("announcementId", "Objection.AnnouncementNotFound");
        if (AnnouncementRules.IsOpenForObjections(a, now)) return null;
        // Inside its dates but not published (withdrawn, superseded): the period is not what is wrong.
        return a.Period is { } p && !p.Contains(now)
            ? RuleResult.RefuseField("announcementId", "Objection.PeriodClosed", AnnouncementText.Date(p.Start), AnnouncementText.Date(p.End))
            : RuleResult.RefuseField("announcementId", "Objection.NotOpen");
    }

    // The web is for residents themselves; phone, in-person and letter objections are entered by a clerk or reviewer of
    // the announcement's region.
    public static RuleResult? ChannelProblem(ObjectionChannel channel, Accounts.StaffActor? enteredBy, string regionCode)
    {
        if (enteredBy is null) return channel == ObjectionChannel.Web ? null : RuleResult.RefuseField("channel", "Objection.ChannelNeedsStaff");
        if (!MayEnterForVillagers(enteredBy.Role))
        {
            return RuleResult.RefuseField("form", "Objection.RoleCannotEnter");
        }
        if (!enteredBy.Scope.Contains(regionCode)) return RuleResult.RefuseField("announcementId", "Objection.OutsideRegion");
        return channel == ObjectionChannel.Web ? RuleResult.RefuseField("channel", "Objection.ChannelRequired") : null;
    }

    public static bool MayEnterForVillagers(Accounts.StaffRole role) =>
        role is Accounts.StaffRole.VillageClerk or Accounts.StaffRole.TownshipReviewer or Accounts.StaffRole.DistrictReviewer;

    // Village and township stages go to the township's queue, district notices to the district's; favouritism and
    // misuse of funds belong to discipline inspection.
    public static (ReviewQueue Queue, string RegionCode) Route(Announcement a, ObjectionCategory category)
    {
        var district = RegionScope.DistrictOf(a.RegionCode);
        if (Lanes.Of(category) == CaseLane.Misconduct) return (ReviewQueue.DisciplineInspection, district);
        return a.Stage == AnnouncementStage.DistrictNotice
            ? (ReviewQueue.District, district)
            : (ReviewQueue.Township, RegionScope.TownshipOf(a.RegionCode));
    }

    // 16 digits from a cryptographic generator.
    public static string NewReceipt()
    {
        Span<char> digits = stackalloc char[16];
        for (var i = 0; i < digits.Length; i++) digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return new string(digits);
    }

    public static string Grouped(string receipt) => string.Join(' ', receipt.Chunk(4).Select(c => new string(c)));

    // What a person types back: spaces and dashes are forgiven, anything but 16 ASCII digits is not a receipt.
    public static string? NormalizeReceipt(string? input)
    {
        if (input is null) return null;
        var digits = new StringBuilder(16);
        foreach (var c in input)
        {
            if (c is ' ' or '-' or '\u00A0' or '\u3000') continue;
            if (c is < '0' or > '9') return null;
            digits.Append(c);
        }
        return digits.Length == 16 ? digits.ToString() : null;
    }

    // "5", or "0.5" for a limit that is not a whole number of megabytes.
    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.##", CultureInfo.InvariantCulture);

    public static string CaseNumber(int year, long id) => $"恩阳-{year}-{id:000000}";

    public static string NormalizedText(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Characters as people count them: an emoji or a rare ideograph outside the BMP is one.
    // What is stored is what was sent, blanks around it included, so that is what the maximum counts.
    private static int TextLength(string? text) => text is null ? 0 : new StringInfo(text).LengthInTextElements;

    // The same, without the invisible ones (zero-width spaces, direction marks), which cannot make a text long enough.
    private static int VisibleLength(string? text)
    {
        if (text is null) return 0;
        var count = 0;
        var elements = StringInfo.GetTextElementEnumerator(text.Trim());
        while (elements.MoveNext()) if (!((string)elements.Current).All(IsFormat)) count++;
        return count;
    }

    public static bool IsBlank([NotNullWhen(false)] string? value) =>
        value is null || value.All(c => char.IsWhiteSpace(c) || IsFormat(c));

    // One short line of text: a name, a relation.
    public static bool IsLine(string value, int maximum) =>
        value.Trim().Length <= maximum && !ContainsControl(value, multiline: false) && !ContainsUnreadable(value);

    private static bool IsFormat(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    // Half of a surrogate pair is not a character (enumerated as U+FFFD), and U+FFFD itself is what a broken
    // encoding became on the way here.
    private static bool ContainsUnreadable(string value) => value.EnumerateRunes().Any(r => r == Rune.ReplacementChar);

    public static bool IsPhone(string? phone) =>
        phone is not null && phone.Trim() is { Length: >= 7 and <= 20 } p && p.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' ');

    // In a text, tabs and line breaks are text; other control characters (NUL, escapes) are not. A name or a relation
    // is one line: there, none is.
    private static bool ContainsControl(string value, bool multiline = true) =>
        value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'));
}
