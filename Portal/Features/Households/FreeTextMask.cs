using System.Diagnostics.CodeAnalysis;

namespace Portal.Features.Households;

// Masks the resident ID numbers, mobile numbers and bank card numbers someone wrote into free text (a title, a note, a
// reply, a reason) before the public or a complainant reads it; the stored text stays as written, for staff.
// A candidate is a number standing on its own: a run of digits (ASCII or full-width) not touching another digit or a
// Latin letter, so that a code, a hash or a longer number is left alone while Chinese text around a number is not.
//   ID number: 17 digits and a check character (0-9, X or x) that GB 11643 computes from them (ResidentIdNumber; the
//     birth date is not checked, so a number that only looks like one is masked too) → 511902********0021.
//   Mobile: 11 digits 1[3-9]…, also after "+86" → 138****9876.
//   Bank card: 16 to 19 digits passing the Luhn check → all but the last 4 digits masked.
// Mobiles and cards are often written in groups: a mobile as 3-4-4 and a card as groups of 4 (the last one 1 to 4
// digits), with single spaces or hyphens between them, count as one number. Nothing else does: two mobiles side by side
// are two numbers, and five groups of 4 (20 digits) are no card. IDs count only unbroken.
public static class FreeTextMask
{
    private const char Hidden = '*';

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Mask(string? text)
    {
        if (text is null || !text.Any(IsDigit)) return text;
        var masked = text.ToCharArray();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]) || (i > 0 && IsWordCharacter(text[i - 1])))
            {
                i++;
                continue;
            }
            var groups = Groups(text, i);
            var last = groups[^1];
            var end = last.Start + last.Length;
            // An ID's check character X follows its 17 digits.
            var check = last.Length == 17 && end < text.Length && text[end] is 'X' or 'x' ? 1 : 0;
            if (end + check < text.Length && IsWordCharacter(text[end + check]))
            {
                // Glued to a letter: part of a code, left alone.
                i = end + check;
                continue;
            }
            var afterPlus = i > 0 && text[i - 1] == '+';
            if (groups.Length == 1 || !MaskGrouped(text, masked, groups, afterPlus))
            {
                foreach (var g in groups) MaskRun(text, masked, g, afterPlus && g.Start == i, g == last ? check : 0);
            }
            i = end + check;
        }
        return new string(masked);
    }

    private readonly record struct Group(int Start, int Length);

    private enum Kind { None, IdNumber, Mobile, Card }

    // The runs of digits from start on, joined by single spaces or hyphens.
    private static Group[] Groups(string text, int start)
    {
        var groups = new List<Group>();
        var i = start;
        while (true)
        {
            var from = i;
            while (i < text.Length && IsDigit(text[i])) i++;
            groups.Add(new Group(from, i - from));
            if (i + 1 < text.Length && text[i] is ' ' or '-' && IsDigit(text[i + 1])) i++;
            else return [.. groups];
        }
    }

    // A mobile written 3-4-4 or a card written in groups of 4; "+86" before the first group is the country code.
    private static bool MaskGrouped(string text, char[] masked, Group[] groups, bool afterPlus)
    {
        var number = afterPlus && groups.Length > 3 && Digits(text, groups[0]) == "86" ? groups[1..] : groups;
        var lengths = number.Select(g => g.Length).ToArray();
        var digits = string.Concat(number.Select(g => Digits(text, g)));
        var kind = lengths switch
        {
            [3, 4, 4] when IsMobile(digits) => Kind.Mobile,
            [.. var fours, >= 1 and <= 4] when fours.All(n => n == 4) && digits.Length is >= 16 and <= 19 && IsCard(digits) => Kind.Card,
            _ => Kind.None,
        };
        if (kind == Kind.None) return false;
        Hide(masked, [.. number.SelectMany(g => Enumerable.Range(g.Start, g.Length))], kind);
        return true;
    }

    private static void MaskRun(string text, char[] masked, Group g, bool afterPlus, int check)
    {
        var digits = Digits(text, g);
        int[] positions = [.. Enumerable.Range(g.Start, g.Length + check)];
        var kind = digits.Length switch
        {
            17 when check == 1 => ResidentIdNumber.CheckCharacter(digits) == 'X' ? Kind.IdNumber : Kind.None,
            11 when IsMobile(digits) => Kind.Mobile,
            13 when afterPlus && digits.StartsWith("86", StringComparison.Ordinal) && IsMobile(digits.AsSpan(2)) => Kind.Mobile,
            18 when ResidentIdNumber.CheckCharacter(digits.AsSpan(0, 17)) == digits[17] => Kind.IdNumber,
            >= 16 and <= 19 when IsCard(digits) => Kind.Card,
            _ => Kind.None,
        };
        if (kind != Kind.None) Hide(masked, digits.Length == 13 ? positions[2..] : positions, kind);
    }

    // What stays readable: an ID's first 6 (its region) and last 4, a mobile's first 3 and last 4, a card's last 4.
    private static void Hide(char[] masked, int[] positions, Kind kind)
    {
        var (keepFirst, keepLast) = kind switch
        {
            Kind.IdNumber => (6, 4),
            Kind.Mobile => (3, 4),
            _ => (0, 4),
        };
        for (var n = keepFirst; n < positions.Length - keepLast; n++) masked[positions[n]] = Hidden;
    }

    private static bool IsMobile(ReadOnlySpan<char> digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    private static bool IsCard(string digits)
    {
        var sum = 0;
        for (var n = 0; n < digits.Length; n++)
        {
            var d = digits[^(n + 1)] - '0';
            sum += n % 2 == 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
        }
        return sum % 10 == 0;
    }

    // The group's digits in ASCII, full-width ones too.
    private static string Digits(string text, Group g)
    {
        var digits = new char[g.Length];
        for (var n = 0; n < g.Length; n++)
        {
            var c = text[g.Start + n];
            digits[n] = c <= '9' ? c : (char)(c - '０' + '0');
        }
        return new string(digits);
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9' or >= '０' and <= '９';

    private static bool IsWordCharacter(char c) => IsDigit(c) || char.IsAsciiLetter(c);
}
