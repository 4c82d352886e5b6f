using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Portal.Features.Households;

public sealed record ImportRow(int Line, string? GroupCode, string? HeadName, string? IdNumber, string? Size, string? Attribute, string? Cause, string? Phone);

public sealed record ImportProblem(int Line, string Field, string Rule);

public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    public bool IsClean => Rows.Count > 0 && Problems.Count == 0;
}

// Households from a CSV or .xlsx file: read, then checked row by row. Nothing is written until every row is clean.
public static class HouseholdImport
{
    public static readonly string[] Columns = ["村民小组编码", "户主姓名", "身份证号", "家庭人口", "户属性", "主要致贫原因", "联系电话"];

    public static string Template => "\uFEFF" + string.Join(',', Columns) + "\r\n51190310020101,王德明,11010519491231002X,3,一般贫困户,因病,13800000000\r\n";

    public static IReadOnlyList<ImportRow> Read(string fileName, Stream content) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(content) : ReadCsv(content);

    // Checks each row: required fields, the GB 11643 check digit, a known village group, size, attribute, cause,
    // and duplicate ID numbers within the file or already registered.
    public static IReadOnlyList<ImportProblem> Check(IReadOnlyList<ImportRow> rows, ISet<string> groupCodes, Func<string, bool> registered)
    {
        var problems = new List<ImportProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            void Problem(string field, string rule) => problems.Add(new ImportProblem(r.Line, field, rule));
            if (string.IsNullOrWhiteSpace(r.GroupCode)) Problem("groupCode", "Import.Missing");
            else if (!groupCodes.Contains(r.GroupCode.Trim())) Problem("groupCode", "Import.UnknownGroup");
            if (string.IsNullOrWhiteSpace(r.HeadName)) Problem("headName", "Import.Missing");
            else if (r.HeadName.Trim().Length > 50) Problem("headName", "Import.TooLong");
            if (string.IsNullOrWhiteSpace(r.IdNumber)) Problem("idNumber", "Import.Missing");
            else if (!ResidentIdNumber.IsValid(r.IdNumber.Trim())) Problem("idNumber", "Import.BadIdNumber");
            else
            {
                var id = ResidentIdNumber.Normalize(r.IdNumber);
                if (seen.TryGetValue(id, out var first)) Problem("idNumber", "Import.DuplicateInFile");
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

    private static IReadOnlyList<ImportRow> ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = new List<ImportRow>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (line == 1 || string.IsNullOrWhiteSpace(text)) continue;
            rows.Add(Row(line, SplitCsv(text)));
        }
        return rows;
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

    // The first worksheet of an .xlsx file, read from its XML with shared strings resolved.
    private static IReadOnlyList<ImportRow> ReadXlsx(Stream content)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } s
            ? XDocument.Load(s.Open()).Descendants(ns + "si").Select(si => string.Concat(si.Descendants(ns + "t").Select(t => t.Value))).ToList()
            : [];
        var sheet = zip.GetEntry("xl/worksheets/sheet1.xml") ?? throw new InvalidDataException("The workbook has no first sheet.");
        var rows = new List<ImportRow>();
        foreach (var row in XDocument.Load(sheet.Open()).Descendants(ns + "row"))
        {
            var line = int.Parse((string?)row.Attribute("r") ?? "0");
            if (line <= 1) continue;
            var cells = new string[Columns.Length];
            foreach (var c in row.Elements(ns + "c"))
            {
                var reference = (string?)c.Attribute("r") ?? "";
                var column = reference.TakeWhile(char.IsLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
                if (column is < 0 || column >= cells.Length) continue;
                var value = (string?)c.Element(ns + "v") ?? string.Concat(c.Descendants(ns + "t").Select(t => t.Value));
                cells[column] = (string?)c.Attribute("t") == "s" && int.TryParse(value, out var index) && index < shared.Count ? shared[index] : value;
            }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(Row(line, cells));
        }
        return rows;
    }

    private static ImportRow Row(int line, IReadOnlyList<string?> cells)
    {
        string? Cell(int i) => i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;
        return new ImportRow(line, Cell(0), Cell(1), Cell(2), Cell(3), Cell(4), Cell(5), Cell(6));
    }
}
