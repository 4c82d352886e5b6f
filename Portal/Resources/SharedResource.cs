using Microsoft.Extensions.Localization;

namespace Portal.Resources;

// Marker for SharedResource.resx (zh-CN, the neutral language) and SharedResource.en.resx.
public sealed class SharedResource;

public static class LocalizerExtensions
{
    // A refusal in words: the rule's own message, with its arguments.
    public static string Rule(this IStringLocalizer localizer, Portal.Features.Announcements.RuleResult result) =>
        result.IsAllowed ? "" : localizer[$"Rule.{result.Rule}", result.Args];

    public static string Enum<T>(this IStringLocalizer localizer, T value) where T : struct, System.Enum =>
        localizer[$"{typeof(T).Name}.{value}"];
}

public static class UiCulture
{
    public static bool IsEnglish => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
