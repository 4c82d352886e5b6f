using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Tests.TestInfrastructure;

// What a string may be accepted as (SPEC §2 Objections): objection text (10–5,000 characters, no control characters,
// nothing that is not text), a name or relation (one line, at most 50), a phone number (7–20 ASCII digits, - + and
// spaces). Anything else is refused, naming the field.
[Flags]
public enum Fits
{
    None = 0,
    Text = 1,
    Name = 2,
    Phone = 4,
}

public sealed record Hostile(string Name, string Value, Fits Fits)
{
    public override string ToString() => Name;
}

// Strings a hostile sender, a broken phone keyboard or a garbled copy-and-paste puts into a field: markup and script,
// SQL, format strings, invisible and right-to-left characters, full-width digits, emoji and other characters outside
// the BMP, half surrogate pairs, NUL and other control characters, line breaks, paths, numbers, ID numbers with a
// right and a wrong GB 11643 check character, and lengths around and far beyond the limits.
public static class HostileCorpus
{
    public static readonly IReadOnlyList<Hostile> All =
    [
        new("script element", "<script>alert(1)</script>", Fits.Text | Fits.Name),
        new("attribute breakout into img", "\"><img src=x onerror=alert(1)>", Fits.Text | Fits.Name),
        new("svg onload", "<svg/onload=alert(1)>", Fits.Text | Fits.Name),
        new("javascript URL", "javascript:alert(1)", Fits.Text | Fits.Name),
        new("textarea breakout", "</textarea><script>alert(1)</script>", Fits.Text | Fits.Name),
        new("quote breakout with handlers", "' onmouseover='alert(1)' x='\" autofocus onfocus=\"alert(1)", Fits.Text),
        new("iframe", "<iframe src=\"//evil.example\"></iframe>", Fits.Text | Fits.Name),
        new("style element", "<style>*{display:none}</style>", Fits.Text | Fits.Name),
        new("entities that must stay entities", "&lt;script&gt; &amp; &#60;b&#62; &nbsp;", Fits.Text | Fits.Name),
        new("Blazor marker comment", "<!--Blazor:{\"type\":\"server\"}--><!--", Fits.Text | Fits.Name),
        new("SQL drop table", "'; DROP TABLE Objection; --", Fits.Text | Fits.Name),
        new("SQL always true", "' OR '1'='1' --", Fits.Text | Fits.Name),
        new("SQL LIKE wildcard and stacked query", "%' OR 1=1; SELECT sqlite_version(); --", Fits.Text | Fits.Name),
        new("SQL union", "1) UNION SELECT ReceiptHash FROM Objection --", Fits.Text | Fits.Name),
        new("format strings", "%s%s%n%x{0}{1}${x}{{7*7}}#{7*7}@(1+1)", Fits.Text | Fits.Name),
        new("composite format holes", "{0:N0}{999}{-1}{ 异议内容", Fits.Text | Fits.Name),
        new("zero-width characters inside text", "零宽\u200B空格\u200D连接\u200C非连接\uFEFF字节序标记", Fits.Text | Fits.Name),
        new("zero-width characters only", string.Concat(Enumerable.Repeat("\u200B\u200D\uFEFF", 5)), Fits.None),
        new("right-to-left override", "异议内容\u202Egnp.exe\u202C 请核实", Fits.Text | Fits.Name),
        new("bidi isolates and marks", "\u2066\u2067\u2068abc\u2069\u200E\u200F 方向标记测试", Fits.Text | Fits.Name),
        // Kept as typed, never folded to ASCII; not a phone number, whose digits are ASCII (like a receipt's).
        new("full-width digits", "１３８００１３８０００", Fits.Text | Fits.Name),
        new("full-width markup", "＜ｓｃｒｉｐｔ＞ａｌｅｒｔ（１）＜／ｓｃｒｉｐｔ＞", Fits.Text | Fits.Name),
        new("emoji and CJK outside the BMP", "👨‍👩‍👧 家庭 𠀀𪚥 🇨🇳 异议 😀", Fits.Text | Fits.Name),
        new("combining marks", "e\u0301 与 é 不同；z\u0351\u0352a\u0354l\u0356g\u0357o 异议", Fits.Text | Fits.Name),
        new("noncharacters and private use", "\uFFFE\uFFFF\uFDD0\uE000 非字符与私用区字符", Fits.Text | Fits.Name),
        new("line and paragraph separators", "第一段\u2028第二段\u2029第三段 异议内容", Fits.Text | Fits.Name),
        new("lone high surrogate", "异议内容含有半个代理对\uD800结尾", Fits.None),
        new("lone low surrogate", "\uDC00异议内容含有半个代理对", Fits.None),
        new("surrogates in the wrong order", "异议内容\uDE00\uD83D顺序颠倒的代理对", Fits.None),
        new("replacement character", "乱码\uFFFD异议内容，原来的编码已损坏", Fits.None),
        new("NUL", "异议内容\0含有空字符，截断测试", Fits.None),
        new("terminal escape and bell", "\u001B[31m红色\u001B[0m\u0007 终端转义序列测试", Fits.None),
        new("C1 control", "异议\u0085内容含有 C1 控制字符", Fits.None),
        new("CRLF header injection", "a\r\nSet-Cookie: x=1\r\n\r\n<b>异议内容</b>", Fits.Text),
        new("path traversal", "../../etc/passwd", Fits.Text | Fits.Name),
        new("Windows path traversal", "..\\..\\windows\\win.ini", Fits.Text | Fits.Name),
        new("percent-encoded traversal and NUL", "%2e%2e%2f%2e%2e%2fetc%2fpasswd%00", Fits.Text | Fits.Name),
        new("percent-encoded lone surrogate", "%ED%A0%80%C0%AF%FF%FE", Fits.Text | Fits.Name),
        new("twenty nines", "99999999999999999999", Fits.Text | Fits.Name | Fits.Phone),
        new("negative number", "-1", Fits.Name),
        new("zero", "0", Fits.Name),
        new("float overflow", "1e309", Fits.Name),
        new("not a number", "NaN", Fits.Name),
        new("phone with country code", "+86 138-0013-8000", Fits.Text | Fits.Name | Fits.Phone),
        // Public fields take an ID number as plain text only (the household import, staff only, checks the character).
        new("ID number with a wrong check character", "51190319800101123X", Fits.Text | Fits.Name),
        new("ID number with the right check character", "511903198001011234", Fits.Text | Fits.Name | Fits.Phone),
        new("full-width spaces around", "\u3000\u3000异议内容前有两个全角空格缩进。  ", Fits.Text | Fits.Name),
        new("blanks only", " \t\u3000 \r\n ", Fits.None),
        new("empty", "", Fits.None),
        new("51 characters", new string('名', 51), Fits.Text),
        new("5,000 characters", new string('异', 5000), Fits.Text),
        new("5,000 characters outside the BMP", string.Concat(Enumerable.Repeat("𠀀", 5000)), Fits.Text),
        new("5,001 characters", new string('异', 5001), Fits.None),
        new("100,000 characters", string.Concat(Enumerable.Repeat("<b>异</b>", 12_500)), Fits.None),
    ];

    public static Hostile Named(string name) => All.Single(h => h.Name == name);

    public static TheoryData<string> Names => new(All.Select(h => h.Name));

    // As file names: all but NUL, which no file system allows in a name. (ASP.NET's multipart reader skips a part whose
    // header holds one, as if no file had been sent.)
    public static TheoryData<string> FileNames => new(All.Where(h => !h.Value.Contains('\0')).Select(h => h.Name));

    // What a url-encoded form can carry: not NUL, which the form reader refuses (the portal says so, naming the form).
    public static bool UrlEncodable(string value) => !value.Contains('\0');
}

// How a page shows what a person sent: as text, parsed by a real HTML parser (AngleSharp, which bUnit brings).
public static class RenderedText
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    // The element holds the text and nothing else: no element came out of it.
    // HTML cannot carry NUL or the C1 controls, not even as character references (U+0085 is read as "…"): text with
    // them is refused everywhere, so it is only ever shown back in a refusal, and not exactly.
    public static bool CanCarry(string text) => !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    public static void AssertShownAsText(IElement? shown, string sent)
    {
        Assert.NotNull(shown);
        Assert.Equal(0, shown.ChildElementCount);
        Assert.Equal(sent, shown.TextContent);
    }

    // Nothing the corpus carries became part of the page: no event-handler attribute, no inline script, no frame or
    // embedded object, no style of its own, no javascript: link or action, no image pointing at "x".
    public static void AssertNoInjectedMarkup(IDocument page)
    {
        var elements = page.All.ToList();
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(elements, e => e.LocalName == "script" && !e.HasAttribute("src"));
        Assert.DoesNotContain(elements, e => e.LocalName is "iframe" or "object" or "embed");
        // MudBlazor writes its theme into a style element; the corpus's hides everything.
        Assert.DoesNotContain(elements, e => e.LocalName == "style" && e.TextContent.Contains("*{display:none}"));
        Assert.DoesNotContain(elements, e => e.LocalName == "img" && e.GetAttribute("src") == "x");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name is "href" or "src" or "action" or "formaction"
            && a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)));
    }
}
