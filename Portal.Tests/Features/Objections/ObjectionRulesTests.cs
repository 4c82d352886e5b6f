using Portal.Infrastructure;
using System.Globalization;
using System.Resources;
using System.Text;
using Portal.Features.Announcements;
using Portal.Features.Demo;
using Portal.Features.Objections;
using Portal.Resources;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Objections;

// What an objection must be (SPEC §2 Objections), checked without a database: text, identity, consent, attachments,
// honeypot, the period's boundaries, routing and the receipt.
public sealed class ObjectionRulesTests
{
    private static readonly ObjectionRules Rules = new(new LimitsOptions());
    private static readonly string Guihua = DemoDistrict.Townships[0].Villages[0].Code;
    private static readonly string Yuxi = DemoDistrict.Townships[0].Code;

    private static ObjectionSubmission Valid(string? text = "该户家里有小汽车，不符合贫困户识别条件。") =>
        new(1, null, ObjectionCategory.WronglyIncluded, text, Anonymous: true, null, null, null, Consent: true, []);

    private static IncomingFile File(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    private static IncomingFile Declared(string name, long length) => new(name, length, () => new MemoryStream(new byte[8]));

    private static IReadOnlyList<RuleResult> Validate(ObjectionSubmission s) =>
        Rules.Validate(s, s.Attachments.Select(f => f.Length > 0 && f.Length <= Rules.Limits.AttachmentBytes ? AttachmentSniffer.Kind(f) : null).ToList());

    private static Announcement Published(AnnouncementStage stage = AnnouncementStage.VillagePublicity, AnnouncementStatus status = AnnouncementStatus.Published) => new()
    {
        Id = 1,
        RegionCode = Guihua,
        Title = "玉溪镇桂花村2026年贫困户识别村级公示",
        Stage = stage,
        Status = status,
        PeriodStart = new DateOnly(2026, 5, 1),
        PeriodEnd = new DateOnly(2026, 5, 7),
    };

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static string Repeat(string element, int count) => string.Concat(Enumerable.Repeat(element, count));

    // ---- text ----

    [Theory]
    [InlineData("一二三四五六七八九", 9)]
    [InlineData("一二三四五六七八九十", 10)]
    [InlineData("  一二三四五六七八九  ", 9)]
    public void Validate_TextLength_TenCharactersIsTheMinimum(string text, int length)
    {
        var errors = Validate(Valid(text));

        if (length < 10) Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, length), Assert.Single(errors), ErrorComparer.Instance);
        else Assert.Empty(errors);
    }

    [Fact]
    public void Validate_NineEmojiOrRareIdeographs_AreNineCharactersAndRefused()
    {
        // Each is two UTF-16 code units: counted as code units they would pass as 18.
        var emoji = Validate(Valid(Repeat("😀", 9)));
        var extension = Validate(Valid(Repeat("𠀀", 9)));

        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, 9), Assert.Single(emoji), ErrorComparer.Instance);
        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, 9), Assert.Single(extension), ErrorComparer.Instance);
    }

    [Fact]
    public void Validate_TenEmojiOrFamilyEmoji_AreTenCharactersAndAccepted()
    {
        Assert.Empty(Validate(Valid(Repeat("😀", 10))));
        Assert.Empty(Validate(Valid(Repeat("👨‍👩‍👧", 10))));
        Assert.Empty(Validate(Valid(Repeat("𠀀", 5) + "五个普通字")));
    }

    [Fact]
    public void Validate_FiveThousandCharacters_IsAccepted()
    {
        Assert.Empty(Validate(Valid(Repeat("异", 5000))));
        // 10,000 UTF-16 code units, but 5,000 characters as a person counts them.
        Assert.Empty(Validate(Valid(Repeat("𠀀", 5000))));
    }

    [Fact]
    public void Validate_FiveThousandAndOneCharacters_IsRefusedSayingHowMany()
    {
        var plain = Validate(Valid(Repeat("异", 5001)));
        var extension = Validate(Valid(Repeat("😀", 5001)));

        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooLong", 5000, 5001), Assert.Single(plain), ErrorComparer.Instance);
        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooLong", 5000, 5001), Assert.Single(extension), ErrorComparer.Instance);
    }

    [Fact]
    public void Validate_TextPaddedWithBlanksPastTheLimit_IsRefused()
    {
        // The text is kept exactly as sent, padding included: padding must not smuggle megabytes past the limit.
        var padded = Validate(Valid(Repeat("异", 4990) + new string('\n', 2_000_000)));

        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooLong", 5000, 2_004_990), Assert.Single(padded), ErrorComparer.Instance);
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("\u001b")]
    [InlineData("\u0007")]
    public void Validate_ControlCharacterInText_IsRefused(string control)
    {
        var errors = Validate(Valid("该户家里有小汽车" + control + "不符合识别条件。"));

        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextControlCharacters"), Assert.Single(errors), ErrorComparer.Instance);
    }

    [Fact]
    public void Validate_NewlinesAndTabsInText_AreFine() =>
        Assert.Empty(Validate(Valid("第一，该户家里有小汽车。\r\n第二，\t在城里买了房。\n请核实。")));

    // Half a surrogate pair is no character and cannot be kept; U+FFFD is what a broken encoding left of one.
    [Theory]
    [InlineData("该户家里有小汽车，不符合识别条件\uD800")]
    [InlineData("\uDC00该户家里有小汽车，不符合识别条件")]
    [InlineData("该户家里有小汽车\uDE00\uD83D不符合识别条件")]
    [InlineData("该户家里有小汽车\uFFFD不符合识别条件")]
    public void Validate_UnreadableCharacterInText_IsRefused(string text) =>
        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextUnreadable"), Assert.Single(Validate(Valid(text))), ErrorComparer.Instance);

    [Fact]
    public void Validate_ZeroWidthAndDirectionCharacters_DoNotCountTowardsTheMinimum()
    {
        var invisible = Validate(Valid(Repeat("\u200B\u200D\uFEFF\u202E", 5)));
        var padded = Validate(Valid("一二三四五六七八九" + Repeat("\u200B", 10)));

        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, 0), Assert.Single(invisible), ErrorComparer.Instance);
        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, 9), Assert.Single(padded), ErrorComparer.Instance);
        // Inside a text they are kept and fine; a zero-width joiner inside an emoji is part of one character.
        Assert.Empty(Validate(Valid("零宽\u200B空格\u202E反向\u202C与👨‍👩‍👧表情")));
    }

    [Fact]
    public void Validate_NoText_IsRefusedAsTooShort() =>
        Assert.Equal(RuleResult.RefuseField("text", "Objection.TextTooShort", 10, 0), Assert.Single(Validate(Valid(null))), ErrorComparer.Instance);

    // ---- who, consent, category ----

    [Fact]
    public void Validate_NamedWithoutNamePhoneOrRelation_NamesEachMissingField()
    {
        var errors = Validate(Valid() with { Anonymous = false });

        Assert.Equal(
            [("name", "Objection.NameRequired"), ("phone", "Objection.PhoneInvalid"), ("relation", "Objection.RelationRequired")],
            errors.Select(e => (e.Field, e.Rule)));
    }

    [Fact]
    public void Validate_NamedWithNamePhoneAndRelation_IsAccepted() =>
        Assert.Empty(Validate(Valid() with { Anonymous = false, Name = "王德明", Phone = "139-2718-4455", Relation = "本村村民" }));

    [Theory]
    [InlineData("12345")]
    [InlineData("一三九二七一八四四五五")]
    [InlineData("139 2718 445x")]
    [InlineData("123456789012345678901")]
    public void Validate_NamedWithAnInvalidPhone_IsRefused(string phone)
    {
        var errors = Validate(Valid() with { Anonymous = false, Name = "王德明", Phone = phone, Relation = "本村村民" });

        Assert.Equal(("phone", "Objection.PhoneInvalid"), Assert.Single(errors.Select(e => (e.Field, e.Rule))));
    }

    // A name and a relation are one line: no line break, tab or NUL, no half surrogate pair; only invisible
    // characters is no name at all.
    [Theory]
    [InlineData("王德明\r\nSet-Cookie: x=1", "Objection.NameInvalid")]
    [InlineData("王\t德明", "Objection.NameInvalid")]
    [InlineData("王德明\0", "Objection.NameInvalid")]
    [InlineData("王德\uD800明", "Objection.NameInvalid")]
    [InlineData("\u200B\u200D\uFEFF", "Objection.NameRequired")]
    public void Validate_NameThatIsNotOneLineOfText_IsRefused(string name, string rule)
    {
        var errors = Validate(Valid() with { Anonymous = false, Name = name, Phone = "139-2718-4455", Relation = name });

        Assert.Equal([("name", rule), ("relation", rule.Replace("Name", "Relation"))], errors.Select(e => (e.Field, e.Rule)));
    }

    [Fact]
    public void Validate_AnonymousWithoutIdentity_IsAccepted() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void Validate_NoConsent_IsRefused() =>
        Assert.Equal(RuleResult.RefuseField("consent", "Objection.ConsentRequired"), Assert.Single(Validate(Valid() with { Consent = false })), ErrorComparer.Instance);

    [Theory]
    [InlineData("Favouritism", ObjectionCategory.Favouritism)]
    [InlineData("favouritism", ObjectionCategory.Favouritism)]
    [InlineData("3", null)]
    [InlineData("-1", null)]
    [InlineData("<script>", null)]
    [InlineData("", null)]
    public void ReadCategory_OnlyANameIsACategory(string value, ObjectionCategory? expected) =>
        Assert.Equal(expected, ObjectionRules.ReadCategory(value));

    // An id that is not one (letters, a sign, full-width digits, too many digits) is read as 0, which no row has, so
    // that it is refused as unknown instead of dropped.
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("42", 42L)]
    [InlineData("abc", 0L)]
    [InlineData("-1", 0L)]
    [InlineData("１２", 0L)]
    [InlineData("99999999999999999999", 0L)]
    public void ReadId_AnythingButDigits_IsAnIdNoRowHas(string? value, long? expected) => Assert.Equal(expected, ObjectionRules.ReadId(value));

    [Fact]
    public void Validate_NoCategory_IsRefused() =>
        Assert.Equal(RuleResult.RefuseField("category", "Objection.CategoryRequired"), Assert.Single(Validate(Valid() with { Category = null })), ErrorComparer.Instance);

    [Fact]
    public void Validate_Honeypot_IsRefused() =>
        Assert.Equal(RuleResult.RefuseField("form", "Objection.Rejected"), Assert.Single(Validate(Valid() with { Honeypot = "+86 10 1234 5678" })), ErrorComparer.Instance);

    // Every refusal names a field and a rule, and both have words in Chinese and in English.
    [Fact]
    public void Validate_EverythingWrong_EveryErrorNamesItsFieldAndARuleWithAMessage()
    {
        var s = new ObjectionSubmission(1, null, null, "短\0", Anonymous: false, null, "x", null, Consent: false,
            [.. Enumerable.Range(0, 6).Select(i => File($"{i}.png", ObjectionTestKit.Png))], Honeypot: "bot");

        var errors = Validate(s);

        Assert.Equal(
            ["form", "category", "text", "text", "name", "phone", "relation", "consent", "attachments"],
            errors.Select(e => e.Field));
        var resources = new ResourceManager("Portal.Resources.SharedResource", typeof(SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!;
        foreach (var e in errors)
        {
            Assert.StartsWith("Objection.", e.Rule);
            Assert.False(string.IsNullOrWhiteSpace(resources.GetString($"Field.{e.Field}", CultureInfo.GetCultureInfo("zh-CN"))), e.Field);
            Assert.False(string.IsNullOrWhiteSpace(resources.GetString($"Rule.{e.Rule}", CultureInfo.GetCultureInfo("zh-CN"))), e.Rule);
            Assert.False(string.IsNullOrWhiteSpace(english.GetString($"Field.{e.Field}")), e.Field);
            Assert.False(string.IsNullOrWhiteSpace(english.GetString($"Rule.{e.Rule}")), e.Rule);
        }
    }

    // ---- attachments ----

    [Fact]
    public void Validate_FiveAttachments_AreAccepted() =>
        Assert.Empty(Validate(Valid() with { Attachments = [.. Enumerable.Range(0, 5).Select(i => File($"{i}.png", ObjectionTestKit.Png))] }));

    [Fact]
    public void Validate_SixAttachments_AreRefused()
    {
        var errors = Validate(Valid() with { Attachments = [.. Enumerable.Range(0, 6).Select(i => File($"{i}.png", ObjectionTestKit.Png))] });

        Assert.Equal(RuleResult.RefuseField("attachments", "Objection.TooManyAttachments", 5), Assert.Single(errors), ErrorComparer.Instance);
    }

    [Fact]
    public void Validate_AttachmentOfExactlyTenMegabytes_IsAccepted() =>
        Assert.Empty(Rules.Validate(Valid() with { Attachments = [Declared("scan.pdf", 10 * 1024 * 1024)] }, [AttachmentKind.Pdf]));

    [Fact]
    public void Validate_AttachmentOneByteOverTenMegabytes_IsRefusedNamingTheFile()
    {
        var errors = Rules.Validate(Valid() with { Attachments = [Declared("大照片.jpg", 10 * 1024 * 1024 + 1)] }, [AttachmentKind.Jpeg]);

        Assert.Equal(RuleResult.RefuseField("attachments", "Objection.AttachmentTooLarge", "大照片.jpg", 10L), Assert.Single(errors), ErrorComparer.Instance);
    }

    [Fact]
    public void Validate_EmptyAttachment_IsRefusedNamingTheFile() =>
        Assert.Equal(RuleResult.RefuseField("attachments", "Objection.AttachmentEmpty", "空.png"),
            Assert.Single(Rules.Validate(Valid() with { Attachments = [Declared("空.png", 0)] }, [null])), ErrorComparer.Instance);

    [Fact]
    public void Validate_AttachmentOfUnknownKind_IsRefusedNamingTheFile() =>
        Assert.Equal(RuleResult.RefuseField("attachments", "Objection.AttachmentType", "photo.jpg"),
            Assert.Single(Validate(Valid() with { Attachments = [File("photo.jpg", ObjectionTestKit.WindowsExecutable)] })), ErrorComparer.Instance);

    // ---- magic bytes ----

    [Fact]
    public void Kind_RealHeaders_AreRecognised()
    {
        Assert.Equal(AttachmentKind.Jpeg, AttachmentSniffer.Kind(ObjectionTestKit.Jpeg));
        Assert.Equal(AttachmentKind.Jpeg, AttachmentSniffer.Kind([0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x18, 0x45, 0x78, 0x69, 0x66])); // EXIF
        Assert.Equal(AttachmentKind.Png, AttachmentSniffer.Kind(ObjectionTestKit.Png));
        Assert.Equal(AttachmentKind.Pdf, AttachmentSniffer.Kind(ObjectionTestKit.Pdf));
    }

    [Fact]
    public void Kind_ExecutablesAndOtherFiles_AreNotRecognised()
    {
        Assert.Null(AttachmentSniffer.Kind(ObjectionTestKit.WindowsExecutable));
        Assert.Null(AttachmentSniffer.Kind(ObjectionTestKit.Elf));
        Assert.Null(AttachmentSniffer.Kind("GIF89a\x01\x00\x01\x00"u8));
        Assert.Null(AttachmentSniffer.Kind("<html><body>%PDF-"u8));
        Assert.Null(AttachmentSniffer.Kind(" %PDF-1.4"u8));
        Assert.Null(AttachmentSniffer.Kind([0x89, 0x50, 0x4E, 0x47])); // a PNG signature cut short
        Assert.Null(AttachmentSniffer.Kind([]));
    }

    [Fact]
    public void Kind_PngBytesNamedPdf_IsPngStoredAsImagePng()
    {
        var kind = AttachmentSniffer.Kind(File("扫描件.pdf", ObjectionTestKit.Png));

        Assert.Equal(AttachmentKind.Png, kind);
        Assert.Equal("image/png", AttachmentSniffer.ContentType(kind!.Value));
        Assert.Equal(".png", AttachmentSniffer.Extension(kind.Value));
    }

    [Fact]
    public void Kind_FileShorterThanAnyHeader_IsNotRecognised() =>
        Assert.Null(AttachmentSniffer.Kind(File("a.jpg", [0xFF, 0xD8])));

    // ---- the period (Asia/Shanghai; the end date counts until 24:00 local) ----

    [Theory]
    [InlineData("2026-04-30T23:59:59+08:00", false)]
    [InlineData("2026-04-30T15:59:59+00:00", false)]
    [InlineData("2026-05-01T00:00:00+08:00", true)]
    [InlineData("2026-04-30T16:00:00+00:00", true)]
    [InlineData("2026-05-07T12:00:00+08:00", true)]
    [InlineData("2026-05-07T23:59:59+08:00", true)]
    [InlineData("2026-05-07T15:59:59+00:00", true)]
    [InlineData("2026-05-08T00:00:00+08:00", false)]
    [InlineData("2026-05-07T16:00:00+00:00", false)]
    [InlineData("2026-05-07T20:00:00-04:00", false)]
    public void PeriodProblem_AtTheBoundaries_OpenOnlyFromStartUntilMidnightAfterTheEndDate(string now, bool open)
    {
        var problem = ObjectionRules.PeriodProblem(Published(), At(now));

        if (open) Assert.Null(problem);
        else Assert.Equal(RuleResult.RefuseField("announcementId", "Objection.PeriodClosed", "2026-05-01", "2026-05-07"), problem, ErrorComparer.Instance);
    }

    [Fact]
    public void PeriodProblem_DraftOrMissing_IsNotFound()
    {
        Assert.Equal("Objection.AnnouncementNotFound", ObjectionRules.PeriodProblem(null, At("2026-05-03T12:00:00+08:00"))!.Rule);
        Assert.Equal("Objection.AnnouncementNotFound",
            ObjectionRules.PeriodProblem(Published(status: AnnouncementStatus.Draft), At("2026-05-03T12:00:00+08:00"))!.Rule);
    }

    // ---- routing ----

    [Theory]
    [InlineData(AnnouncementStage.VillagePublicity)]
    [InlineData(AnnouncementStage.TownshipPublicity)]
    public void Route_VillageOrTownshipStage_GoesToTheTownshipQueue(AnnouncementStage stage)
    {
        foreach (var category in new[] { ObjectionCategory.WronglyIncluded, ObjectionCategory.WronglyExcluded, ObjectionCategory.InaccurateInformation,
                     ObjectionCategory.FalseExit, ObjectionCategory.Other })
        {
            Assert.Equal((ReviewQueue.Township, Yuxi), ObjectionRules.Route(Published(stage), category));
        }
    }

    [Fact]
    public void Route_DistrictNotice_GoesToTheDistrictQueue() =>
        Assert.Equal((ReviewQueue.District, DemoDistrict.DistrictCode), ObjectionRules.Route(Published(AnnouncementStage.DistrictNotice), ObjectionCategory.WronglyIncluded));

    [Theory]
    [InlineData(ObjectionCategory.Favouritism, AnnouncementStage.VillagePublicity)]
    [InlineData(ObjectionCategory.Favouritism, AnnouncementStage.TownshipPublicity)]
    [InlineData(ObjectionCategory.Favouritism, AnnouncementStage.DistrictNotice)]
    [InlineData(ObjectionCategory.MisuseOfFunds, AnnouncementStage.VillagePublicity)]
    [InlineData(ObjectionCategory.MisuseOfFunds, AnnouncementStage.DistrictNotice)]
    public void Route_FavouritismOrMisuseOfFunds_GoesToTheDistrictsDisciplineInspection(ObjectionCategory category, AnnouncementStage stage) =>
        Assert.Equal((ReviewQueue.DisciplineInspection, DemoDistrict.DistrictCode), ObjectionRules.Route(Published(stage), category));

    // ---- the receipt ----

    [Fact]
    public void NewReceipt_IsSixteenAsciiDigitsAndDiffersEachTime()
    {
        var first = ObjectionRules.NewReceipt();
        var second = ObjectionRules.NewReceipt();
        var many = Enumerable.Range(0, 200).Select(_ => ObjectionRules.NewReceipt()).ToList();

        Assert.Matches("^[0-9]{16}$", first);
        Assert.Matches("^[0-9]{16}$", second);
        Assert.NotEqual(first, second);
        Assert.Equal(many.Count, many.Distinct().Count());
        Assert.All(many, r => Assert.Matches("^[0-9]{16}$", r));
        Assert.Equal(10, many.SelectMany(r => r).Distinct().Count());
    }

    [Fact]
    public void Grouped_ShowsFourGroupsOfFour() =>
        Assert.Equal("1234 5678 9012 3456", ObjectionRules.Grouped("1234567890123456"));

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("1234 5678 9012 3456")]
    [InlineData("1234-5678-9012-3456")]
    [InlineData(" 1234  5678-9012 - 3456 ")]
    [InlineData("1234\u00A05678\u30009012 3456")]
    public void NormalizeReceipt_SpacesAndDashes_AreForgiven(string input) =>
        Assert.Equal("1234567890123456", ObjectionRules.NormalizeReceipt(input));

    [Theory]
    [InlineData("123456789012345")]
    [InlineData("1234 5678 9012 345")]
    [InlineData("12345678901234567")]
    [InlineData("1234 5678 9012 3456 7")]
    [InlineData("1234 5678 9012 345a")]
    [InlineData("abcd efgh ijkl mnop")]
    [InlineData("１２３４５６７８９０１２３４５６")]
    [InlineData("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦")]
    [InlineData("1234.5678.9012.3456")]
    [InlineData("")]
    [InlineData(null)]
    public void NormalizeReceipt_AnythingButSixteenAsciiDigits_IsNoReceipt(string? input) =>
        Assert.Null(ObjectionRules.NormalizeReceipt(input));

    [Fact]
    public void CaseNumber_IsDistrictYearAndSixDigits() =>
        Assert.Equal("恩阳-2026-000123", ObjectionRules.CaseNumber(2026, 123));

    // RuleResult holds its arguments in an array; compare them by value.
    private sealed class ErrorComparer : IEqualityComparer<RuleResult?>
    {
        public static readonly ErrorComparer Instance = new();

        public bool Equals(RuleResult? x, RuleResult? y) =>
            x is not null && y is not null && x.Field == y.Field && x.Rule == y.Rule
            && x.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)).SequenceEqual(y.Args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)));

        public int GetHashCode(RuleResult? e) => HashCode.Combine(e?.Field, e?.Rule);
    }
}
