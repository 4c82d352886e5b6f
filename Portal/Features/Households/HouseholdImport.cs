using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CsvHelper;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Portal.Infrastructure;

namespace Portal.Features.Households;

public sealed record ImportRow(int Line, string? GroupCode, string? HeadName, string? IdNumber, string? Size, string? Attribute, string? Cause, string? Phone);

// What is wrong on one line of the file (0: with the file as a whole), in the portal's one refusal type; its argument is
// what the message shows beside the rule, such as the limit a file went past.
public sealed record ImportProblem(int Line, RuleResult Result)
{
    public ImportProblem(int line, string field, string rule, object? argument = null)
        : this(line, RuleResult.RefuseField(field, rule, argument is null ? [] : [argument]))
    {
    }

    // A record compares its arguments array by reference: two problems are the same when they say the same.
    public bool Equals(ImportProblem? other) => other is not null && Line == other.Line && Result.Rule == other.Result.Rule
        && Result.Field == other.Result.Field && Result.Args.SequenceEqual(other.Result.Args);

    public override int GetHashCode() => HashCode.Combine(Line, Result.Rule, Result.Field);
}

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

    public const int MaximumHeadName = 50;

    public static string Template => "\uFEFF" + string.Join(',', Columns) + $"\r\n51190310020101,王德明（示例行，导入前请删除）,{SampleIdNumber},3,一般贫困户,因病,13800000000\r\n";

    public static ImportRead Read(string fileName, Stream content, ImportOptions limits)
    {
        try
        {
            return fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(content, limits) : ReadCsv(content, limits);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or InvalidOperationException)
        {
            // Not a zip, not well-formed XML inside it, or a workbook whose sheets MiniExcel cannot place.
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
            else if (r.HeadName.Trim().Length > MaximumHeadName) Problem("headName", "Import.TooLong");
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

    private static readonly CsvReaderOptions CsvOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
    };

    private static ImportRead ReadCsv(Stream content, ImportOptions limits)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        using var csv = CsvReader.Create(new StringReader(DecodeCsv(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))), CsvOptions);
        var header = csv.Headers.ToList();
        if (header.All(string.IsNullOrWhiteSpace)) return new ImportRead([], null);
        if (ColumnsOf(header) is not { } columns) return HeaderProblem(header);
        var rows = new List<ImportRow>();
        while (csv.Read())
        {
            var cells = Enumerable.Range(0, csv.FieldCount).Select(i => (string?)csv.GetString(i)).ToList();
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            if (rows.Count == limits.MaxRows) return TooManyRows(limits);
            rows.Add(Row((int)csv.LineNumber, cells, columns));
        }
        return new ImportRead(rows, null);
    }

    // Where each of Columns is in the file's header row (-1: absent); null when a required column is missing or a
    // column is not one of the template's.
    private static int[]? ColumnsOf(IReadOnlyList<string?> header)
    {
        var names = header.Select(h => h?.Trim() ?? "").ToList();
        var columns = Columns.Select(c => names.IndexOf(c)).ToArray();
        var complete = columns.Where((at, i) => at < 0 && Columns[i] != OptionalColumn).Any() is false;
        return complete && names.All(n => n.Length == 0 || Columns.Contains(n)) ? columns : null;
    }

    private const string OptionalColumn = "联系电话";

    private static ImportRead HeaderProblem(IReadOnlyList<string?> header)
    {
        var names = header.Select(h => h?.Trim() ?? "").Where(n => n.Length > 0).ToList();
        var missing = Columns.Where(c => c != OptionalColumn && !names.Contains(c)).ToList();
        return missing.Count > 0
            ? new([], new ImportProblem(1, "file", "Import.MissingColumns", string.Join("、", missing)))
            : new([], new ImportProblem(1, "file", "Import.UnknownColumns", string.Join("、", names.Where(n => !Columns.Contains(n)))));
    }

    // Excel's last row: a row number beyond it was never typed into a spreadsheet.
    private const long LastSpreadsheetRow = 1_048_576;

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static readonly OpenXmlConfiguration XlsxOptions = new() { EnableSharedStringCache = false, FillMergedCells = false };

    // The first worksheet of the workbook, read by MiniExcel. What the zip says it unzips to is checked first, and the
    // sheet is walked once (its bytes counted, since a zip can lie) for the row numbers and the rows it declares, so that
    // nothing past the limits is inflated or held.
    private static ImportRead ReadXlsx(Stream content, ImportOptions limits)
    {
        using var file = new MemoryStream();
        content.CopyTo(file);
        string sheetName;
        using (var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.Entries.Sum(e => e.Length) > limits.MaxUncompressedBytes) return TooLarge(limits);
            if (FirstSheet(zip) is not ({ } name, { } sheet)) return Refused("Import.Unreadable");
            using var counted = new CountedStream(sheet.Open(), limits.MaxUncompressedBytes);
            if (InspectSheet(counted, limits) is { } refused) return refused;
            sheetName = name;
        }
        file.Position = 0;
        var rows = new List<ImportRow>();
        int[]? columns = null;
        var line = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(file, useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: XlsxOptions))
        {
            line++;
            var values = cells.Values.Select(Text).ToList();
            if (columns is null)
            {
                if (values.All(string.IsNullOrWhiteSpace)) continue;
                columns = ColumnsOf(values);
                if (columns is null) return HeaderProblem(values);
                continue;
            }
            if (values.All(string.IsNullOrWhiteSpace)) continue;
            if (rows.Count == limits.MaxRows) return TooManyRows(limits);
            rows.Add(Row(line, values, columns));
        }
        return new ImportRead(rows, null);
    }

    // A cell as it was typed: MiniExcel gives numbers as doubles.
    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    // The workbook's first sheet: its name, and its part as the workbook's relationships place it.
    private static (string? Name, ZipArchiveEntry? Part) FirstSheet(ZipArchive zip)
    {
        if (zip.GetEntry("xl/workbook.xml") is not { } workbook || zip.GetEntry("xl/_rels/workbook.xml.rels") is not { } relationships) return (null, null);
        var first = XDocument.Load(Xml(workbook.Open())).Descendants(XName.Get("sheet", Main)).FirstOrDefault();
        var id = first?.Attribute(XName.Get("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"))?.Value;
        var target = XDocument.Load(Xml(relationships.Open())).Root?.Elements()
            .FirstOrDefault(r => (string?)r.Attribute("Id") == id)?.Attribute("Target")?.Value;
        if (first is null || target is null) return (null, null);
        var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
        return ((string?)first.Attribute("name"), zip.GetEntry(path));
    }

    private static ImportRead TooLarge(ImportOptions limits) => Refused("Import.TooLarge", limits.MaxUncompressedBytes / (1024 * 1024));

    private static XmlReader Xml(Stream stream) =>
        XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, CloseInput = true });

    // Null when the sheet's row numbers are possible and within the row limit, the one its dimension declares included.
    private static ImportRead? InspectSheet(CountedStream stream, ImportOptions limits)
    {
        try
        {
            using var xml = Xml(stream);
            var line = 0L;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != Main) continue;
                if (xml.LocalName == "dimension" && LastRow(xml.GetAttribute("ref")) > limits.MaxRows + 1L) return TooManyRows(limits);
                if (xml.LocalName != "row") continue;
                var number = xml.GetAttribute("r");
                // Absent, a row follows the one before; present, it comes after it and no further than a spreadsheet can
                // go. Row numbers past the limit are a file with too many rows.
                var next = number is null ? line + 1 : long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if (next <= line || next > LastSpreadsheetRow) return Refused("Import.BadRowNumber", number?.Length > 20 ? number[..20] + "…" : number);
                if (next > limits.MaxRows + 1L) return TooManyRows(limits);
                line = next;
            }
            return stream.Exceeded ? TooLarge(limits) : null;
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

    private static ImportRow Row(int line, IReadOnlyList<string?> cells, int[] columns)
    {
        string? Cell(int column) => columns[column] is var i && i >= 0 && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;
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
