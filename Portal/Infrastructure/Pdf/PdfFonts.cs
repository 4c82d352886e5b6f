using System.Buffers.Binary;
using System.Collections;
using PdfSharp.Fonts;

namespace Portal.Infrastructure.Pdf;

// PDFsharp font resolver for every PDF the portal prints (the announcement notice, the objection receipt). PDFsharp
// needs the raw bytes of a TrueType font that has Chinese glyphs; it cannot read .ttc collections, so only single .ttf
// files are considered.
//
// CJK fallback fonts such as Droid Sans Fallback carry no Latin letters or digits, and PDFsharp does no glyph
// fallback, so a companion Latin .ttf (Liberation Sans, DejaVu Sans, ...) is also resolved when one exists:
// PdfCanvas draws every character the CJK font lacks with LatinFamilyName (see HasCjkGlyph). Bold and italic
// are simulated by PDFsharp for both faces.
public sealed class PdfFonts : IFontResolver
{
    public const string FamilyName = "PortalSans";
    public const string LatinFamilyName = "PortalSansLatin";
    public const string OverrideVariable = "PORTAL_NOTICE_FONT";
    public const string DebianPackage = "fonts-droid-fallback";

    private const string CjkFace = "PortalSans#Cjk";
    private const string LatinFace = "PortalSans#Latin";

    // The portal ships its own fonts (Portal/Fonts, with their licences): a government server or a container has none.
    internal static readonly string ShippedFolder = Path.Combine(AppContext.BaseDirectory, "Fonts");

    internal static readonly string[] PreferredFiles =
    [
        Path.Combine(ShippedFolder, "DroidSansFallbackFull.ttf"),
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    // Lower index = preferred when several candidates are found by the directory scan.
    internal static readonly string[] NameHints =
    [
        "DroidSansFallback", "NotoSansSC", "NotoSansCJK", "SourceHanSans", "wqy", "simhei", "simsun", "msyh",
    ];

    internal static readonly string[] LatinPreferredFiles =
    [
        Path.Combine(ShippedFolder, "LiberationSans-Regular.ttf"),
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    ];

    internal static readonly string[] LatinNameHints =
    [
        "LiberationSans-Regular", "DejaVuSans.ttf", "NotoSans-Regular", "Arial.ttf", "FreeSans.ttf",
    ];

    private static readonly Lock Gate = new();
    private static readonly PdfFonts Instance = new();
    private static Loaded? loaded;

    private PdfFonts()
    {
    }

    // The CJK .ttf file in use, once EnsureRegistered has succeeded.
    public static string? FontPath => Volatile.Read(ref loaded)?.CjkPath;

    // The companion Latin .ttf file in use (null when none was found or the CJK font covers Latin itself).
    public static string? LatinFontPath => Volatile.Read(ref loaded)?.LatinPath;

    // True when characters missing from the CJK font can be drawn with LatinFamilyName.
    internal static bool HasLatinFont => Volatile.Read(ref loaded)?.LatinBytes is not null;

    // Loads the fonts (once) and installs the resolver into PDFsharp (once). Safe to call from any thread,
    // any number of times. Throws InvalidOperationException when no usable CJK font exists on the machine.
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref loaded) is not null && ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
        {
            return;
        }

        lock (Gate)
        {
            if (loaded is null)
            {
                var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
                var cjkPath = FindFont(DefaultDirectories(), overridePath, PreferredFiles)
                    ?? throw new InvalidOperationException(FontNotFoundMessage(overridePath));
                var cjkBytes = File.ReadAllBytes(cjkPath);
                var coverage = ReadCoverage(cjkBytes);

                string? latinPath = null;
                byte[]? latinBytes = null;
                if (!coverage['0'] || !coverage['A'] || !coverage['a'])
                {
                    latinPath = FindFont(DefaultDirectories(), null, LatinPreferredFiles, LatinNameHints);
                    latinBytes = latinPath is null ? null : File.ReadAllBytes(latinPath);
                }

                Volatile.Write(ref loaded, new Loaded(cjkPath, cjkBytes, coverage, latinPath, latinBytes));
            }

            var current = GlobalFontSettings.FontResolver;
            if (current is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(current, Instance) && GlobalFontSettings.FallbackFontResolver is null)
            {
                // Someone else owns the primary resolver; serve our families when theirs does not know them.
                GlobalFontSettings.FallbackFontResolver = Instance;
            }
        }
    }

    // Whether the CJK font has a glyph for the code point. Call after EnsureRegistered.
    internal static bool HasCjkGlyph(int codePoint)
    {
        var coverage = Volatile.Read(ref loaded)?.Coverage;
        return coverage is not null && codePoint >= 0 && codePoint < coverage.Length && coverage[codePoint];
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var face = familyName == LatinFamilyName && HasLatinFont ? LatinFace : CjkFace;
        return new FontResolverInfo(face, mustSimulateBold: bold, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName)
    {
        var fonts = Volatile.Read(ref loaded)
            ?? throw new InvalidOperationException(FontNotFoundMessage(Environment.GetEnvironmentVariable(OverrideVariable)));
        return faceName == LatinFace && fonts.LatinBytes is not null ? fonts.LatinBytes : fonts.CjkBytes;
    }

    internal static IEnumerable<string> DefaultDirectories()
    {
        yield return "/usr/share/fonts";
        yield return "/usr/local/share/fonts";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            yield return Path.Combine(home, ".fonts");
            yield return Path.Combine(home, ".local", "share", "fonts");
        }
    }

    internal static string? FindFont(IEnumerable<string> directories, string? overridePath, IEnumerable<string> preferredFiles) =>
        FindFont(directories, overridePath, preferredFiles, NameHints);

    // Search order: the override path (if it is an existing .ttf), then the preferred files, then any .ttf
    // below the directories whose file name contains one of nameHints (earlier hints win). Null when nothing fits.
    internal static string? FindFont(IEnumerable<string> directories, string? overridePath, IEnumerable<string> preferredFiles, IReadOnlyList<string> nameHints)
    {
        if (!string.IsNullOrWhiteSpace(overridePath) && IsTtf(overridePath) && File.Exists(overridePath))
        {
            return overridePath;
        }

        foreach (var file in preferredFiles)
        {
            if (IsTtf(file) && File.Exists(file))
            {
                return file;
            }
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = FileAttributes.None,
        };

        string? best = null;
        var bestRank = int.MaxValue;
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(directory, "*.ttf", options);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                if (!IsTtf(file))
                {
                    continue;
                }

                var rank = Rank(Path.GetFileName(file), nameHints);
                if (rank == int.MaxValue)
                {
                    continue;
                }

                if (rank < bestRank || (rank == bestRank && best is not null && string.CompareOrdinal(file, best) < 0))
                {
                    best = file;
                    bestRank = rank;
                }
            }
        }

        return best;
    }

    internal static string FontNotFoundMessage(string? overridePath)
    {
        var overrideNote = string.IsNullOrWhiteSpace(overridePath)
            ? string.Empty
            : $" The {OverrideVariable} value '{overridePath}' is not an existing .ttf file.";
        return "Cannot build a printable PDF (notice or receipt): no TrueType (.ttf) font with Chinese glyphs was found on this machine "
            + "(searched /usr/share/fonts, /usr/local/share/fonts, ~/.fonts, ~/.local/share/fonts; .ttc collections are not supported)."
            + overrideNote
            + $" Install the Debian package {DebianPackage} (apt-get install {DebianPackage}) "
            + $"or set the environment variable {OverrideVariable} to the path of a .ttf font with Chinese glyphs.";
    }

    // Reads the font's Unicode cmap (format 12, or format 4) into a bit per code point that has a real glyph.
    internal static BitArray ReadCoverage(ReadOnlySpan<byte> font)
    {
        var coverage = new BitArray(0x110000);
        try
        {
            var tables = U16(font, 4);
            var cmap = -1;
            for (var t = 0; t < tables; t++)
            {
                var record = 12 + (16 * t);
                if (font.Slice(record, 4).SequenceEqual("cmap"u8))
                {
                    cmap = (int)U32(font, record + 8);
                    break;
                }
            }

            if (cmap < 0)
            {
                return coverage;
            }

            int format4 = -1, format12 = -1;
            var subtables = U16(font, cmap + 2);
            for (var s = 0; s < subtables; s++)
            {
                var entry = cmap + 4 + (8 * s);
                var platform = U16(font, entry);
                var encoding = U16(font, entry + 2);
                var offset = cmap + (int)U32(font, entry + 4);
                var format = U16(font, offset);
                var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
                if (!unicode)
                {
                    continue;
                }

                if (format == 12 && format12 < 0)
                {
                    format12 = offset;
                }
                else if (format == 4 && format4 < 0)
                {
                    format4 = offset;
                }
            }

            if (format12 >= 0)
            {
                var groups = U32(font, format12 + 12);
                for (var g = 0; g < groups; g++)
                {
                    var group = format12 + 16 + (12 * g);
                    var start = U32(font, group);
                    var end = Math.Min(U32(font, group + 4), 0x10FFFFu);
                    var glyph = U32(font, group + 8);
                    for (var c = start; c <= end; c++)
                    {
                        if (glyph + (c - start) != 0)
                        {
                            coverage[(int)c] = true;
                        }
                    }
                }
            }
            else if (format4 >= 0)
            {
                var segments = U16(font, format4 + 6) / 2;
                var ends = format4 + 14;
                var starts = ends + (2 * segments) + 2;
                var deltas = starts + (2 * segments);
                var rangeOffsets = deltas + (2 * segments);
                for (var s = 0; s < segments; s++)
                {
                    int end = U16(font, ends + (2 * s));
                    int start = U16(font, starts + (2 * s));
                    int delta = U16(font, deltas + (2 * s));
                    var rangeOffsetAt = rangeOffsets + (2 * s);
                    int rangeOffset = U16(font, rangeOffsetAt);
                    for (var c = start; c <= end && c != 0xFFFF; c++)
                    {
                        int glyph;
                        if (rangeOffset == 0)
                        {
                            glyph = (c + delta) & 0xFFFF;
                        }
                        else
                        {
                            var at = rangeOffsetAt + rangeOffset + (2 * (c - start));
                            glyph = U16(font, at);
                            glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                        }

                        if (glyph != 0)
                        {
                            coverage[c] = true;
                        }
                    }
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // Truncated or malformed cmap: keep what was read; missing characters fall back to the Latin face.
        }

        return coverage;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset, 2));

    private static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4));

    private static bool IsTtf(string path) => path.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase);

    private static int Rank(string fileName, IReadOnlyList<string> nameHints)
    {
        for (var i = 0; i < nameHints.Count; i++)
        {
            if (fileName.Contains(nameHints[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private sealed record Loaded(string CjkPath, byte[] CjkBytes, BitArray Coverage, string? LatinPath, byte[]? LatinBytes);
}
