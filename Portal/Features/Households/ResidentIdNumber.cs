namespace Portal.Features.Households;

// The 18-character resident identity number of GB 11643-1999: 6-digit region, 8-digit birth date,
// 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("Expected the first 17 digits.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if (digit is < 0 or > 9) throw new ArgumentException("Expected digits only.", nameof(first17));
            sum += digit * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    public static bool IsValid(string? value)
    {
        if (value is not { Length: 18 }) return false;
        var span = value.AsSpan();
        foreach (var c in span[..17])
        {
            if (c is < '0' or > '9') return false;
        }
        if (!DateOnly.TryParseExact(span.Slice(6, 8), "yyyyMMdd", out _)) return false;
        return char.ToUpperInvariant(span[17]) == CheckCharacter(span[..17]);
    }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    // What staff and a copy for the household show: the region (first 6) and the last 4, as FreeTextMask masks one in text.
    public static string Masked(string value) => value.Length <= 10 ? new string('*', value.Length) : value[..6] + new string('*', value.Length - 10) + value[^4..];
}
