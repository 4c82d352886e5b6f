using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Portal.Features.Audit;

// An audit event as staff read it: its kind and fields in words. A kind or field without words shows as stored.
public static class AuditWords
{
    public static string Kind(IStringLocalizer L, string kind) => Word(L, "AuditKind." + kind, kind);

    public static IEnumerable<(string Field, string Value)> Fields(IStringLocalizer L, string? data)
    {
        if (string.IsNullOrWhiteSpace(data)) yield break;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            document = null!;
        }
        if (document is null)
        {
            yield return (Word(L, "AuditField.data", "data"), data);
            yield break;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                yield return (Word(L, "AuditField.data", "data"), document.RootElement.ToString());
                yield break;
            }
            foreach (var p in document.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    JsonValueKind.True => Word(L, "AuditValue.true", "true"),
                    JsonValueKind.False => Word(L, "AuditValue.false", "false"),
                    JsonValueKind.Null => "—",
                    _ => p.Value.ToString(),
                };
                yield return (Word(L, "AuditField." + p.Name, p.Name), value);
            }
        }
    }

    private static string Word(IStringLocalizer L, string key, string fallback)
    {
        var word = L[key];
        return word.ResourceNotFound ? fallback : word.Value;
    }
}
