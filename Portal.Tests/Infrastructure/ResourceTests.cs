using System.Xml.Linq;

namespace Portal.Tests.Infrastructure;

// Every text the portal shows in Chinese also exists in English, so an English reader never meets a Chinese label.
public sealed class ResourceTests
{
    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Portal", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [Fact]
    public void EveryChineseText_HasItsEnglish()
    {
        var chinese = Keys("SharedResource.resx");
        var english = Keys("SharedResource.en.resx");

        // MudBlazor's own labels keep MudBlazor's English.
        var missing = chinese.Where(k => !k.StartsWith("Mud.", StringComparison.Ordinal) && !english.Contains(k)).Order().ToList();
        Assert.True(missing.Count == 0, "no English for: " + string.Join(", ", missing));
        Assert.Empty(english.Except(chinese));
    }
}
