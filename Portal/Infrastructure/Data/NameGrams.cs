using System.Text;

namespace Portal.Infrastructure.Data;

// Name search served by an ordinary index, on every engine: each name is also stored as its pieces of one and two
// characters (grams), and a search for any text looks up one gram of the text (Key) in the index, then checks the
// whole text with LIKE on the rows found only. Chinese names are two to four characters, and a search is often for one
// (a surname): trigram indexes (SQLite FTS5, pg_trgm) cannot serve a text shorter than three characters.
// Grams leave out spaces (ASCII and ideographic), and ASCII letters are in lower case, as SQLite's LIKE and lower()
// compare them; characters are code points, as SQL's substr and length count them. The migration that filled the gram
// tables for existing rows does the same in SQL (NameGramsParityTests).
public static class NameGrams
{
    // Two characters outside the Basic Multilingual Plane are four UTF-16 units.
    public const int MaximumLength = 4;

    public static IReadOnlyList<string> Of(string? name)
    {
        if (string.IsNullOrEmpty(name)) return [];
        var runes = name.EnumerateRunes().Select(Lower).ToArray();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < runes.Length; i++)
        {
            if (IsSeparator(runes[i])) continue;
            grams.Add(runes[i].ToString());
            if (i + 1 < runes.Length && !IsSeparator(runes[i + 1])) grams.Add(runes[i].ToString() + runes[i + 1]);
        }
        return [.. grams];
    }

    // The gram a search for the text looks up: its first two characters without a space, else its first character
    // that is not one; null for a text of spaces only.
    public static string? Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var runes = text.Trim().EnumerateRunes().Select(Lower).ToArray();
        for (var i = 0; i + 1 < runes.Length; i++)
        {
            if (!IsSeparator(runes[i]) && !IsSeparator(runes[i + 1])) return runes[i].ToString() + runes[i + 1];
        }
        return runes.Where(r => !IsSeparator(r)).Select(r => r.ToString()).FirstOrDefault();
    }

    private static bool IsSeparator(Rune r) => r.Value is ' ' or '\u3000';

    private static Rune Lower(Rune r) => r.Value is >= 'A' and <= 'Z' ? new Rune(r.Value + 32) : r;
}
