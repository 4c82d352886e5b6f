using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Portal.Features.Households;

public sealed record ImportRow(int Line, string? GroupCode, string? HeadName, string? IdNumber, string? Size, string? Attribute, string? Cause, string? Phone);

// Argument: what the message shows beside the rule, such as the limit a file went past.
public sealed record ImportProblem(int Line, string Field, string Rule, object? Argument = null);

// The rows of a file, or the one reason it cannot be read at all.
public sealed record ImportRead(IReadOnlyList<ImportRow> Rows, ImportProblem? Problem);

public sealed class ImportOptions
{
    public const string Section = "Import";

    [Range(1, int.MaxValue)]
    public int MaxRows { get; set; } = 200_000;

    // What the worksheet and its shared strings may grow to once unzipped: an .xlsx is a zip, and a small one can
    // hold gigabytes of XML.
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;
}

public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    public bool IsClean => Rows.Count > 0 && Problems.Count == 0;
}

// Households from a CSV or .xlsx file: read, then checked row by row. Nothing is written until every row is clean.
// Reading is total: a file that is not what it claims, or is larger than the limits, comes back as a problem, and no
// more than the row limit is ever held.
public static class HouseholdImport
{
    public static readonly string[] Columns = ["村民小组编码", "户主姓名", "身份证号", "家庭人口", "户属性", "主要致贫原因", "联系电话"];

    // The template's example row uses the specimen number printed in GB 11643 itself, which no resident holds: a row
    // carrying it is the sample left in the file, and is refused naming its line.
    public const string SampleIdNumber = "11010519491231002X";

    public static string Template => "\uFEFF" + string.Join(',', Columns) + $"\r\n51190310020101,王德明（示例行，导入前请删除）,{SampleIdNumber},3,一般贫困户,因病,13800000000\r\n";

    public static ImportRead Read(string fileName, Stream content, ImportOptions limits)
    {
        try
        {
            return fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(content, limits) : ReadCsv(content, limits);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            // Not a zip, or not well-formed XML inside it.
            return Refused("Import.Unreadable");
        }
    }

    // Checks each row: required fields, the GB 11643 check digit, a known village group, size, attribute, cause,
    // and duplicate ID numbers within the file or already registered.
    public static IReadOnlyList<ImportProblem> Check(IReadOnlyList<ImportRow> rows, ISet<string> groupCodes, Func<string, bool> registered)
    {
        var problems = new List<ImportProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            void Problem(string field, string rule, object? argument = null) => problems.Add(new ImportProblem(r.Line, field, rule, argument));
            if (string.IsNullOrWhiteSpace(r.GroupCode)) Problem("groupCode", "Import.Missing");
            else if (!groupCodes.Contains(r.GroupCode.Trim())) Problem("groupCode", "Import.UnknownGroup");
            if (string.IsNullOrWhiteSpace(r.HeadName)) Problem("headName", "Import.Missing");
            else if (r.HeadName.Trim().Length > 50) Problem("headName", "Import.TooLong");
            if (string.IsNullOrWhiteSpace(r.IdNumber)) Problem("idNumber", "Import.Missing");
            else if (!ResidentIdNumber.IsValid(r.IdNumber.Trim())) Problem("idNumber", "Import.BadIdNumber");
            else
            {
                var id = ResidentIdNumber.Normalize(r.IdNumber);
                if (id == SampleIdNumber) Problem("idNumber", "Import.TemplateSample", SampleIdNumber);
                else if (seen.TryGetValue(id, out var first)) Problem("idNumber", "Import.DuplicateInFile");
                else if (registered(id)) Problem("idNumber", "Import.DuplicateRegistered");
                seen.TryAdd(id, r.Line);
            }
            if (!int.TryParse(r.Size, out var size) || size is < 1 or > 30) Problem("size", "Import.BadSize");
            if (Attribute(r.Attribute) is null) Problem("attribute", "Import.BadAttribute");
            if (Cause(r.Cause) is null) Problem("cause", "Import.BadCause");
        }
        return problems;
    }

    public static NewHousehold ToHousehold(ImportRow r) => new(r.GroupCode!.Trim(), r.HeadName!.Trim(), int.Parse(r.Size!),
        Attribute(r.Attribute)!.Value, Cause(r.Cause)!.Value, HouseholdStatus.Applicant, null, null, 0, ResidentIdNumber.Normalize(r.IdNumber!),
        string.IsNullOrWhiteSpace(r.Phone) ? null : r.Phone.Trim());

    private static readonly Dictionary<string, HouseholdAttribute> AttributeNames = new()
    {
        ["一般贫困户"] = HouseholdAttribute.General, ["低保贫困户"] = HouseholdAttribute.MinimumLivingAllowance, ["特困供养贫困户"] = HouseholdAttribute.ExtremePovertySupport,
    };

    private static readonly Dictionary<string, PovertyCause> CauseNames = new()
    {
        ["因病"] = PovertyCause.Illness, ["因残"] = PovertyCause.Disability, ["因学"] = PovertyCause.Education, ["因灾"] = PovertyCause.Disaster,
        ["缺土地"] = PovertyCause.LackOfLand, ["缺水"] = PovertyCause.LackOfWater, ["缺技术"] = PovertyCause.LackOfSkills, ["缺劳力"] = PovertyCause.LackOfLabour,
        ["缺资金"] = PovertyCause.LackOfCapital, ["交通条件落后"] = PovertyCause.PoorTransport, ["自身发展动力不足"] = PovertyCause.LackOfDrive,
    };

    private static HouseholdAttribute? Attribute(string? v) => v is null ? null
        : AttributeNames.TryGetValue(v.Trim(), out var a) ? a : Enum.TryParse<HouseholdAttribute>(v.Trim(), true, out var e) && !int.TryParse(v, out _) ? e : null;

    private static PovertyCause? Cause(string? v) => v is null ? null
        : CauseNames.TryGetValue(v.Trim(), out var c) ? c : Enum.TryParse<PovertyCause>(v.Trim(), true, out var e) && !int.TryParse(v, out _) ? e : null;

    private static ImportRead Refused(string rule, object? argument = null) => new([], new ImportProblem(0, "file", rule, argument));

    private static ImportRead TooManyRows(ImportOptions limits) => Refused("Import.TooManyRows", limits.MaxRows);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    // The text of a CSV: UTF-16 or UTF-8 by its byte order mark; UTF-8 without one when every byte decodes as UTF-8;
    // otherwise GB18030, a superset of the GBK that Excel on Chinese Windows saves as "CSV".
    internal static string DecodeCsv(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Encoding.UTF8.GetString(bytes[3..]);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.GetString(bytes);
        }
    }

    private static ImportRead ReadCsv(Stream content, ImportOptions limits)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        using var reader = new StringReader(DecodeCsv(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        var rows = new List<ImportRow>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (line == 1 || string.IsNullOrWhiteSpace(text)) continue;
            if (rows.Count == limits.MaxRows) return TooManyRows(limits);
            rows.Add(Row(line, SplitCsv(text)));
        }
        return new ImportRead(rows, null);
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // Excel's last row: a row number beyond it was never typed into a spreadsheet.
    private const long LastSpreadsheetRow = 1_048_576;

    // The first worksheet of an .xlsx file, streamed row by row with shared strings resolved. The sizes the zip
    // declares are checked first, and the bytes actually unzipped are counted as they are read, since a zip can lie.
    private static ImportRead ReadXlsx(Stream content, ImportOptions limits)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read);
        if (zip.GetEntry("xl/worksheets/sheet1.xml") is not { } sheet) return Refused("Import.Unreadable");
        var strings = zip.GetEntry("xl/sharedStrings.xml");
        if (sheet.Length + (strings?.Length ?? 0) > limits.MaxUncompressedBytes) return TooLarge(limits);

        var shared = new List<string>();
        var budget = limits.MaxUncompressedBytes;
        if (strings is not null)
        {
            using var counted = new CountedStream(strings.Open(), budget);
            if (ReadSharedStrings(counted, shared, limits) is { } refused) return refused;
            budget -= counted.Count;
        }
        using var sheetStream = new CountedStream(sheet.Open(), budget);
        var read = ReadSheet(sheetStream, shared, limits);
        return sheetStream.Exceeded ? TooLarge(limits) : read;
    }

    private static ImportRead TooLarge(ImportOptions limits) => Refused("Import.TooLarge", limits.MaxUncompressedBytes / (1024 * 1024));

    private static XmlReader Xml(Stream stream) =>
        XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });

    // Null when read; no more strings are kept than the cells of the largest file allowed.
    private static ImportRead? ReadSharedStrings(CountedStream stream, List<string> shared, ImportOptions limits)
    {
        var most = (long)limits.MaxRows * Columns.Length;
        try
        {
            using var xml = Xml(stream);
            var current = (StringBuilder?)null;
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == Main && xml.LocalName == "si" && !xml.IsEmptyElement) current = new StringBuilder();
                else if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == Main && xml.LocalName == "si") shared.Add("");
                else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "si" && current is not null) { shared.Add(current.ToString()); current = null; }
                if (shared.Count > most) return TooManyRows(limits);
                else if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == Main && xml.LocalName == "t" && current is not null)
                {
                    current.Append(xml.ReadElementContentAsString());
                    continue;
                }
                xml.Read();
            }
            return null;
        }
        catch (XmlException) when (stream.Exceeded)
        {
            return TooLarge(limits);
        }
    }

    private static ImportRead ReadSheet(CountedStream stream, List<string> shared, ImportOptions limits)
    {
        try
        {
            using var xml = Xml(stream);
            var rows = new List<ImportRow>();
            string?[]? cells = null;
            var (line, column, type) = (0L, -1, (string?)null);
            void Finish()
            {
                if (cells is not null && !cells.All(string.IsNullOrWhiteSpace)) rows.Add(Row((int)line, cells));
                cells = null;
            }
            while (!xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.NamespaceURI == Main && xml.LocalName == "row") Finish();
                else if (xml.NodeType == XmlNodeType.Element && xml.NamespaceURI == Main)
                {
                    switch (xml.LocalName)
                    {
                        case "dimension" when LastRow(xml.GetAttribute("ref")) > limits.MaxRows + 1L:
                            return TooManyRows(limits);
                        case "row":
                            var number = xml.GetAttribute("r");
                            // Absent, a row follows the one before; present, it comes after it and no further than a
                            // spreadsheet can go. Row numbers past the limit are a file with too many rows.
                            var next = number is null ? line + 1 : long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                            if (next <= line || next > LastSpreadsheetRow) return Refused("Import.BadRowNumber", number?.Length > 20 ? number[..20] + "…" : number);
                            if (next > limits.MaxRows + 1L) return TooManyRows(limits);
                            line = next;
                            cells = line > 1 && !xml.IsEmptyElement ? new string?[Columns.Length] : null;
                            column = -1;
                            break;
                        case "c" when cells is not null:
                            column = Column(xml.GetAttribute("r"), column);
                            type = xml.GetAttribute("t");
                            break;
                        case "v" or "t" when cells is not null && column >= 0 && column < cells.Length:
                            var value = xml.ReadElementContentAsString();
                            cells[column] = type == "s" ? (int.TryParse(value, out var index) && index >= 0 && index < shared.Count ? shared[index] : value)
                                : cells[column] + value;
                            continue;
                    }
                }
                xml.Read();
            }
            Finish();
            return new ImportRead(rows, null);
        }
        catch (XmlException) when (stream.Exceeded)
        {
            return TooLarge(limits);
        }
    }

    // The last row of a range such as "A1:G2000000"; 0 when it says nothing readable.
    private static long LastRow(string? range)
    {
        var end = range?[(range.IndexOf(':') + 1)..].TrimStart('$');
        var digits = end?.SkipWhile(c => char.IsAsciiLetter(c) || c == '$').ToArray();
        return digits is { Length: > 0 and <= 18 } && digits.All(char.IsAsciiDigit) ? long.Parse(digits) : 0;
    }

    // The column of a cell reference such as "C7": A is 0. Absent, the cell follows the one before; a reference
    // past the template's columns (at most three letters) is -1.
    private static int Column(string? reference, int previous)
    {
        if (reference is null) return previous + 1;
        var letters = reference.TakeWhile(char.IsAsciiLetterUpper).ToArray();
        return letters.Length is > 0 and <= 3 ? letters.Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1 : -1;
    }

    private static ImportRow Row(int line, IReadOnlyList<string?> cells)
    {
        string? Cell(int i) => i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;
        return new ImportRow(line, Cell(0), Cell(1), Cell(2), Cell(3), Cell(4), Cell(5), Cell(6));
    }
}

// Counts what is read through it and, past the budget, reads nothing more and says so: what an entry really
// unzips to is known only by unzipping it.
internal sealed class CountedStream(Stream inner, long budget) : Stream
{
    public long Count { get; private set; }

    public bool Exceeded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Count >= budget)
        {
            // At the limit exactly: only more bytes behind it make the entry too large.
            Span<byte> probe = stackalloc byte[1];
            if (!Exceeded) Exceeded = inner.Read(probe) > 0;
            return 0;
        }
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, budget - Count)]);
        Count += read;
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
