using Microsoft.Extensions.Localization;

namespace Portal.Resources;

// Marker for SharedResource.resx (zh-CN, the neutral language) and SharedResource.en.resx.
public sealed class SharedResource;

public static class LocalizerExtensions
{
    // A refusal in words: the rule's own message, with its arguments.
    public static string Rule(this IStringLocalizer localizer, Portal.Infrastructure.RuleResult result) =>
        result.IsAllowed ? "" : localizer[$"Rule.{result.Rule}", result.Args];

    public static string Enum<T>(this IStringLocalizer localizer, T value) where T : struct, System.Enum =>
        localizer[$"{typeof(T).Name}.{value}"];
}

public static class TimelineText
{
    // A state change carries a code (the outcome, or the queue an appeal went to): say it in words.
    // The code a state change carries when a case went to the district because no township reviewer may decide it.
    public const string RoutedToDistrict = "RoutedToDistrict";

    // The code a state change carries when an inspector moved the case into a lane ("Lane.Misconduct").
    public static string LaneOf(Portal.Features.Objections.CaseLane lane) => $"Lane.{lane}";

    // queueName: how a queue is called (the review office's name is configured); the resource's name without it.
    public static string? Of(IStringLocalizer L, Portal.Features.Objections.ObjectionEventKind kind, string? text,
        Func<Portal.Features.Objections.ReviewQueue, string>? queueName = null) =>
        kind != Portal.Features.Objections.ObjectionEventKind.StateChanged || text is null ? text
        : text == RoutedToDistrict ? L["Timeline.RoutedToDistrict"]
        : text.StartsWith("Lane.", StringComparison.Ordinal) && Enum.TryParse<Portal.Features.Objections.CaseLane>(text[5..], out var lane) ? L[$"Lanes.Timeline.{lane}"]
        : Enum.TryParse<Portal.Features.Review.Outcome>(text, out var outcome) ? L.Enum(outcome)
        : Enum.TryParse<Portal.Features.Objections.ReviewQueue>(text, out var queue) ? queueName?.Invoke(queue) ?? L.Enum(queue)
        : text;
}

public static class UiCulture
{
    public static bool IsEnglish => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
