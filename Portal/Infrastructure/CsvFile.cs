using System.Text;

namespace Portal.Infrastructure;

// Every CSV the portal hands out: RFC 4180 quoting, a leading = + - @ neutralised so a spreadsheet never runs a
// cell as a formula, and UTF-8 with a byte-order mark so that Excel reads the Chinese.
public static class CsvFile
{
    public static IResult Result(IEnumerable<IEnumerable<string>> rows, string fileName)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        return Results.File(bytes, "text/csv; charset=utf-8", fileName);
    }

    private static string Cell(string cell)
    {
        var value = cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) ? "'" + cell : cell;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
