using Portal.Features.Objections;
using UglyToad.PdfPig;

namespace Portal.Tests.Features.Objections;

public sealed class ReceiptPdfTests
{
    private const string Title = "异议受理回执";
    private const string Receipt = "1234 5678 9012 3456";
    private const string TrackUrl = "https://gs.enyang.example/track";
    private const string Warning = "请妥善保管本回执号，不要告诉他人。回执号只显示这一次，遗失后无法补发。";
    private const string Footer = "全国扶贫监督举报电话：12317";

    private static string CleanText(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static ReceiptModel Model() => new(
        Title,
        "恩阳区扶贫公示监督平台",
        [
            ("案件编号", "恩阳-2026-000123"),
            ("受理时间", "2026年4月20日 15:42"),
            ("公示", "玉溪镇桂花村2026年贫困户识别村级公示（第1版）"),
            ("异议对象", "第三组 户主王德明"),
            ("异议类别", "认为不符合识别标准"),
            ("受理渠道", "网上提交"),
        ],
        "查询回执号",
        Receipt,
        Warning,
        "如何查询办理进度",
        [
            "打开下方网址或扫描二维码，输入案件编号和查询回执号，即可查看异议的办理进度和答复意见。",
            "村民委员会自受理之日起5个工作日内调查核实并答复；对答复仍有异议的，可向镇纪委或区纪委监委反映。",
        ],
        TrackUrl,
        "扫码查询办理进度",
        Footer);

    // A 2,000-character fact value among the usual facts.
    private static ReceiptModel LongModel()
    {
        var longValue = string.Concat(Enumerable.Range(0, 100).Select(i => $"异议说明第{i % 10}段内容")).PadRight(2000, '述');
        var model = Model();
        return model with { Facts = [.. model.Facts.Take(3), ("异议理由", longValue), .. model.Facts.Skip(3)] };
    }

    private static List<string> PageTexts(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => CleanText(p.Text)).ToList();
    }

    [Fact]
    public void Build_ShowsEverythingOnOnePage()
    {
        var model = Model();

        var pdf = ReceiptPdf.Build(model);

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = Assert.Single(PageTexts(pdf));
        Assert.Contains(Title, text);
        Assert.Contains(CleanText(model.Issuer), text);
        Assert.All(model.Facts, fact =>
        {
            Assert.Contains(CleanText(fact.Label), text);
            Assert.Contains(CleanText(fact.Value), text);
        });
        Assert.Contains("恩阳-2026-000123", text);
        Assert.Contains("查询回执号", text);
        Assert.Contains("1234567890123456", text);
        Assert.Contains(CleanText(Warning), text);
        Assert.Contains(CleanText(model.HowToTrackHeading), text);
        Assert.All(model.HowToTrack, p => Assert.Contains(CleanText(p), text));
        Assert.Contains("扫码查询办理进度", text);
        Assert.Contains(TrackUrl, text);
        Assert.Contains(CleanText(Footer), text);
    }

    [Fact]
    public void Build_SetsDocumentTitle()
    {
        using var document = PdfDocument.Open(ReceiptPdf.Build(Model()));

        Assert.Equal(Title, document.Information.Title);
    }

    [Fact]
    public void Build_LongFactValue_WrapsOntoFurtherPagesWithoutLosingText()
    {
        var model = LongModel();
        var longValue = model.Facts[3].Value;
        Assert.Equal(2000, longValue.Length);

        var pdf = ReceiptPdf.Build(model);

        var pages = PageTexts(pdf);
        Assert.InRange(pages.Count, 2, 4);
        var footer = CleanText(Footer);
        Assert.All(pages, page => Assert.Contains(footer, page));
        var text = string.Concat(pages).Replace(footer, string.Empty, StringComparison.Ordinal);
        Assert.Contains(longValue, text);
        Assert.Contains("1234567890123456", text);
        Assert.Contains(TrackUrl, text);
        Assert.All(model.Facts, fact => Assert.Contains(CleanText(fact.Label), text));
    }

    [Fact]
    public void Build_LongValuesStayInsideTheMargins()
    {
        var model = Model();
        model = model with
        {
            Facts = [.. model.Facts, ("备注", string.Concat(Enumerable.Repeat("村民反映情况属实需要进一步核查 ABC-123 ", 12)))],
            HowToTrack = [.. model.HowToTrack, string.Concat(Enumerable.Repeat("https://gs.enyang.example/track?case=000123&", 5))],
        };

        using var document = PdfDocument.Open(ReceiptPdf.Build(model));

        foreach (var page in document.GetPages())
        {
            Assert.All(page.Letters, letter =>
            {
                Assert.InRange(letter.BoundingBox.Left, 30, page.Width - 30);
                Assert.InRange(letter.BoundingBox.Right, 30, page.Width - 30);
                Assert.InRange(letter.BoundingBox.Bottom, 30, page.Height - 30);
            });
        }
    }

    // Writes a sample for visual inspection: RECEIPT_SAMPLE=/tmp/receipt-sample.pdf dotnet test ...
    // (RECEIPT_SAMPLE_LONG=1 for the model with a 2,000-character fact value).
    [Fact]
    public void WriteSample_WhenRequested()
    {
        var path = Environment.GetEnvironmentVariable("RECEIPT_SAMPLE");
        if (string.IsNullOrEmpty(path))
        {
            Assert.Skip("Set RECEIPT_SAMPLE to a file path to write a sample receipt PDF.");
        }

        var model = Environment.GetEnvironmentVariable("RECEIPT_SAMPLE_LONG") == "1" ? LongModel() : Model();
        File.WriteAllBytes(path, ReceiptPdf.Build(model));
    }
}
