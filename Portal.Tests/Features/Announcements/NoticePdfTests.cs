using System.Diagnostics;
using System.Globalization;
using Portal.Features.Announcements;
using Portal.Infrastructure.Pdf;
using UglyToad.PdfPig;

namespace Portal.Tests.Features.Announcements;

public sealed class NoticePdfTests
{
    private const string Title = "玉溪镇桂花村2026年贫困户识别村级公示";
    private const string OnlineUrl = "https://gs.enyang.example.gov.cn/notice/2026/guihua-0417";
    private const string ContentHash = "9f2c4b7e1a0d3c58e6f7a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e";
    private const string EmptyText = "本次公示期内无拟识别对象。";

    // Characters used for names never occur in any other cell, so a name cannot be matched across cells.
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] GivenFirst = ["德", "秀", "建", "玉", "国", "春", "志", "桂", "永", "淑", "红", "明", "丽", "文", "海", "凤", "金", "兰", "成", "芳", "瑞", "梅", "光", "英", "荣", "华", "勇", "琴", "俊", "霞"];
    private static readonly string[] GivenSecond = ["明", "兰", "平", "珍", "强", "梅", "刚", "英", "福", "芬", "军", "霞", "亮", "娟", "涛", "莲", "宝", "香", "林", "萍", "辉", "琼", "杰", "燕", "松", "菊", "波", "蓉", "鹏", "琳"];

    private static readonly string[] Groups = ["第一组", "第二组", "第三组", "第四组", "第五组", "第六组"];
    private static readonly string[] Attributes = ["一般农户", "低保户", "特困供养户"];
    private static readonly string[] Causes =
    [
        "因病", "因残", "缺技术", "缺劳力", "因学",
        "因病致贫，户主长期患慢性病需持续治疗，家庭主要劳动力外出务工收入不稳定",
        "缺资金，交通条件落后",
    ];

    private static string CleanText(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string NameOf(int index) =>
        Surnames[index % Surnames.Length]
        + GivenFirst[index / Surnames.Length % GivenFirst.Length]
        + GivenSecond[index / (Surnames.Length * GivenFirst.Length) % GivenSecond.Length];

    private const string Opening = "根据精准扶贫精准脱贫有关规定，经桂花村村民代表大会民主评议，现将贫困户识别名单予以公示，公示期自2026年4月17日至2026年4月23日。";

    private static NoticeModel Notice(int rows) => new(
        Title,
        Opening,
        [
            "公示范围：恩阳区玉溪镇桂花村（村级公示）",
            "公示阶段：贫困户识别 · 村级初审",
            "公示期：2026年4月17日至2026年4月23日（共7天）",
            "公示版本：第1版",
        ],
        ["序号", "村民小组", "户主姓名", "家庭人口", "户属性", "致贫原因"],
        [0.7f, 1.2f, 1.2f, 0.9f, 1.2f, 3.0f],
        Enumerable.Range(0, rows)
            .Select(i => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Groups[i % Groups.Length],
                NameOf(i),
                (1 + (i % 6)).ToString(CultureInfo.InvariantCulture),
                Attributes[i % Attributes.Length],
                Causes[i % Causes.Length],
            ])
            .ToList(),
        EmptyText,
        "异议方式",
        [
            "对公示对象有异议的，请于公示期内（2026年4月23日17时前）以书面、电话或当面方式向村民委员会或镇人民政府反映，实名反映的请提供联系方式以便核实反馈。",
            "村民委员会自收到异议之日起5个工作日内调查核实并答复；对答复仍有异议的，可向镇纪委或区纪委监委反映。",
        ],
        "监督电话",
        [
            "玉溪镇人民政府：0827-3312345",
            "恩阳区纪委监委：0827-3367890",
            "全国防止返贫监测和乡村振兴咨询服务热线：12317",
        ],
        OnlineUrl,
        "扫码查看在线公示及最新版本",
        "内容校验码（SHA-256）：",
        ContentHash,
        "（盖章）",
        ["村委会负责人（签字）：", "公示日期："],
        "第 {0} 页 共 {1} 页",
        "恩阳区玉溪镇桂花村村民委员会");

    private static List<string> PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => CleanText(p.Text)).ToList();
    }

    [Fact]
    public void Build_FirstPage_ShowsTitleAndPreamble()
    {
        var pdf = NoticePdf.Build(Notice(5));

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var pages = PageTexts(pdf);
        Assert.Contains(CleanText(Title), pages[0]);
        Assert.Contains(CleanText("公示范围：恩阳区玉溪镇桂花村（村级公示）"), pages[0]);
        Assert.Contains("恩阳区玉溪镇桂花村村民委员会", pages[0]);

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(Title, document.Information.Title);
    }

    [Fact]
    public void Build_EveryRowNameAppears()
    {
        var model = Notice(120);

        var text = string.Concat(PageTexts(NoticePdf.Build(model)));

        Assert.All(model.Rows, row => Assert.Contains(row[2], text));
        Assert.Contains(CleanText(Causes[5]), text);
    }

    [Fact]
    public void Build_ThousandRows_RepeatsHeaderAndNumbersPages()
    {
        var model = Notice(1000);
        NoticePdf.Build(Notice(50));   // warm up (font loading, JIT) so the diagnostic timing below is meaningful

        var stopwatch = Stopwatch.StartNew();
        var pdf = NoticePdf.Build(model);
        stopwatch.Stop();
        TestContext.Current.SendDiagnosticMessage($"1,000-row notice: {stopwatch.Elapsed.TotalMilliseconds:F0} ms, {pdf.Length / 1024} KiB");

        var pages = PageTexts(pdf);
        var count = pages.Count;
        TestContext.Current.SendDiagnosticMessage($"1,000-row notice: {count} pages");
        Assert.InRange(count, 15, 60);

        var lastPage = -1;
        for (var i = 0; i < 1000; i++)
        {
            var name = NameOf(i);
            var page = pages.FindIndex(p => p.Contains(name, StringComparison.Ordinal));
            Assert.True(page >= 0, $"row {i + 1} ({name}) is missing");
            Assert.True(page >= lastPage, $"row {i + 1} ({name}) is on page {page + 1}, before the previous row's page {lastPage + 1}");
            Assert.Equal(page, pages.FindLastIndex(p => p.Contains(name, StringComparison.Ordinal)));
            lastPage = page;
        }

        var allNames = new HashSet<string>(Enumerable.Range(0, 1000).Select(NameOf));
        for (var i = 0; i < count; i++)
        {
            Assert.Contains($"第{i + 1}页共{count}页", pages[i]);
            if (allNames.Any(n => pages[i].Contains(n, StringComparison.Ordinal)))
            {
                Assert.Contains("户主姓名", pages[i]);
                Assert.Contains("致贫原因", pages[i]);
            }
        }

        Assert.Contains(NameOf(0), pages[0]);
        Assert.Contains(CleanText(Title), pages[0]);
        Assert.Contains(ContentHash, pages[^1]);
    }

    [Fact]
    public void Build_SingleRow_FitsOnOneOrTwoPages()
    {
        var pages = PageTexts(NoticePdf.Build(Notice(1)));

        Assert.InRange(pages.Count, 1, 2);
        Assert.Contains($"第1页共{pages.Count}页", pages[0]);
        Assert.Contains(NameOf(0), pages[0]);
    }

    [Fact]
    public void Build_PrintsContentHashOnlineUrlAndTrailingSections()
    {
        var text = string.Concat(PageTexts(NoticePdf.Build(Notice(30))));

        Assert.Contains(ContentHash, text);
        Assert.Contains(OnlineUrl, text);
        Assert.Contains("扫码查看在线公示及最新版本", text);
        Assert.Contains("异议方式", text);
        Assert.Contains("监督电话", text);
        Assert.Contains("12317", text);
        Assert.Contains("（盖章）", text);
        Assert.Contains("村委会负责人（签字）：", text);
    }

    [Fact]
    public void Build_NoRows_PrintsEmptyTextInsteadOfTable()
    {
        var pages = PageTexts(NoticePdf.Build(Notice(0)));

        var text = string.Concat(pages);
        Assert.Contains(CleanText(EmptyText), text);
        Assert.DoesNotContain("户主姓名", text);
        Assert.Single(pages);
    }

    [Fact]
    public void Build_LongCellText_WrapsWithoutLosingCharacters()
    {
        var longCause = string.Concat(Enumerable.Repeat("因病致贫且缺乏劳动力", 12));
        var model = Notice(3) with
        {
            Rows = [["1", "第一组", "王德明", "3", "一般农户", longCause]],
        };

        var text = string.Concat(PageTexts(NoticePdf.Build(model)));

        Assert.Contains(longCause, text);
    }

    [Fact]
    public void Build_ToTempFile_LeavesOnlyThePdf()
    {
        var directory = Directory.CreateTempSubdirectory("notice-pdf-");
        try
        {
            var path = Path.Combine(directory.FullName, "notice.pdf");
            File.WriteAllBytes(path, NoticePdf.Build(Notice(20)));

            var file = Assert.Single(directory.GetFileSystemInfos());
            Assert.Equal("notice.pdf", file.Name);
            Assert.True(new FileInfo(path).Length > 1000);
            Assert.Contains(NameOf(19), string.Concat(PageTexts(File.ReadAllBytes(path))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.False(directory.Exists);
    }

    [Fact]
    public void FindFont_NothingSuitable_ReturnsNullAndMessageNamesDebianPackage()
    {
        var directory = Directory.CreateTempSubdirectory("notice-fonts-");
        try
        {
            File.WriteAllBytes(Path.Combine(directory.FullName, "DejaVuSans.ttf"), [0]);
            File.WriteAllBytes(Path.Combine(directory.FullName, "wqy-zenhei.ttc"), [0]);
            File.WriteAllBytes(Path.Combine(directory.FullName, "NotoSansSC-Regular.otf"), [0]);
            var missing = Path.Combine(directory.FullName, "missing.ttf");

            Assert.Null(PdfFonts.FindFont([directory.FullName, Path.Combine(directory.FullName, "absent")], null, []));
            Assert.Null(PdfFonts.FindFont([directory.FullName], missing, [missing]));

            var message = PdfFonts.FontNotFoundMessage(null);
            Assert.Contains("fonts-droid-fallback", message);
            Assert.Contains("PORTAL_NOTICE_FONT", message);
            Assert.Contains(".ttf", message);
            Assert.Contains(missing, PdfFonts.FontNotFoundMessage(missing));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FindFont_PrefersOverrideThenPreferredThenHintedTtf()
    {
        var directory = Directory.CreateTempSubdirectory("notice-fonts-");
        try
        {
            var nested = Directory.CreateDirectory(Path.Combine(directory.FullName, "truetype", "cjk")).FullName;
            var noto = Path.Combine(nested, "NotoSansSC-Regular.TTF");
            var wqy = Path.Combine(directory.FullName, "wqy-microhei.ttf");
            var preferred = Path.Combine(directory.FullName, "preferred.ttf");
            var custom = Path.Combine(directory.FullName, "custom-font.ttf");
            foreach (var path in new[] { noto, wqy, preferred, custom })
            {
                File.WriteAllBytes(path, [0]);
            }

            Assert.Equal(noto, PdfFonts.FindFont([directory.FullName], null, []));
            Assert.Equal(preferred, PdfFonts.FindFont([directory.FullName], null, [preferred]));
            Assert.Equal(custom, PdfFonts.FindFont([directory.FullName], custom, [preferred]));
            Assert.Equal(noto, PdfFonts.FindFont([directory.FullName], Path.Combine(directory.FullName, "nope.ttc"), []));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void EnsureRegistered_IsIdempotentAndUsesATrueTypeFont()
    {
        PdfFonts.EnsureRegistered();
        PdfFonts.EnsureRegistered();

        Assert.NotNull(PdfFonts.FontPath);
        Assert.EndsWith(".ttf", PdfFonts.FontPath, StringComparison.OrdinalIgnoreCase);
    }

    // A list of 12–15 households used to leave page 2 with nothing but the QR code, the signatures and the stamp: the
    // closing block now always stands on the page of the list's last entries, whatever the length of the list.
    [Fact]
    public void Build_AnyLength_TheClosingBlockStaysWithTheEndOfTheList()
    {
        for (var rows = 1; rows <= 60; rows++)
        {
            var pages = PageTexts(NoticePdf.Build(Notice(rows)));
            var last = pages[^1];
            Assert.True(last.Contains(CleanText(NameOf(rows - 1)), StringComparison.Ordinal), $"{rows} rows: the last page has no entry of the list");
            Assert.Contains("（盖章）", last);
            Assert.Contains("异议方式", last);
            Assert.Contains("扫码查看在线公示及最新版本", last);
            Assert.DoesNotContain("（盖章）", string.Concat(pages.SkipLast(1)));
        }
    }

    [Fact]
    public void Build_TwelveRows_FitsOnOnePageOrKeepsRowsWithTheStamp()
    {
        var pages = PageTexts(NoticePdf.Build(Notice(12)));
        Assert.Contains(CleanText(NameOf(11)), pages[^1]);
        Assert.Contains("（盖章）", pages[^1]);
    }

    [Fact]
    public void Build_OpensWithTheParagraphARealNoticeHas()
    {
        var first = PageTexts(NoticePdf.Build(Notice(3)))[0];
        Assert.Contains(CleanText(Opening), first);
        Assert.True(first.IndexOf("民主评议", StringComparison.Ordinal) < first.IndexOf(CleanText(NameOf(0)), StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WithAMark_PrintsItOnEveryPage()
    {
        var pages = PageTexts(NoticePdf.Build(Notice(80) with { Mark = "已撤回" }));
        Assert.True(pages.Count > 1);
        Assert.All(pages, p => Assert.Contains("已撤回", p));
        Assert.DoesNotContain("已撤回", string.Concat(PageTexts(NoticePdf.Build(Notice(80)))));
    }

    // A government server or a container has no fonts: the notice is drawn with the fonts shipped beside the portal.
    [Fact]
    public void EnsureRegistered_UsesTheFontsShippedWithThePortal()
    {
        Assert.SkipWhen(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PdfFonts.OverrideVariable)), "PORTAL_NOTICE_FONT names another font.");
        PdfFonts.EnsureRegistered();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Fonts", "DroidSansFallbackFull.ttf"), PdfFonts.FontPath);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Fonts", "LiberationSans-Regular.ttf"), PdfFonts.LatinFontPath);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Fonts", "DroidSansFallbackFull.LICENSE.txt")));
    }

    // Writes a sample for visual inspection: NOTICE_SAMPLE=/tmp/notice-sample.pdf dotnet test ...
    [Fact]
    public void WriteSample_WhenRequested()
    {
        var path = Environment.GetEnvironmentVariable("NOTICE_SAMPLE");
        Assert.SkipWhen(string.IsNullOrEmpty(path), "Set NOTICE_SAMPLE to a file path to write a sample notice PDF.");

        var rows = int.TryParse(Environment.GetEnvironmentVariable("NOTICE_SAMPLE_ROWS"), out var n) ? n : 60;
        File.WriteAllBytes(path!, NoticePdf.Build(Notice(rows)));
    }
}
