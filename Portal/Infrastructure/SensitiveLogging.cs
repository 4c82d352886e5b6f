using Microsoft.Extensions.Logging.Configuration;

namespace Portal.Infrastructure;

// At Debug and Trace, SignalR's hub dispatcher logs every invocation with its arguments, and those carry what staff
// type into a circuit: complainants' names and phones, new passwords, reveal reasons. These categories never log below
// Information, whatever the configuration says, for every logging provider.
public static class SensitiveLogging
{
    public static readonly string[] Categories =
    [
        "Microsoft.AspNetCore.SignalR",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
    ];

    public const LogLevel Floor = LogLevel.Information;

    public static ILoggingBuilder ClampSensitiveCategories(this ILoggingBuilder logging)
    {
        logging.Services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<LoggerFilterOptions>, Clamp>();
        return logging;
    }

    // Rules are chosen per provider, then by the longest category prefix. For every provider that has rules of its own
    // (and for the rules of no provider) a rule at the floor is added for each category, and every more specific rule
    // below the floor is raised to it: whichever rule then wins for a sensitive category is at least Information.
    private sealed class Clamp : Microsoft.Extensions.Options.IPostConfigureOptions<LoggerFilterOptions>
    {
        public void PostConfigure(string? name, LoggerFilterOptions options)
        {
            var rules = options.Rules;
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (rule.CategoryName is { } category && IsSensitive(category) && (rule.LogLevel is null || rule.LogLevel < Floor))
                {
                    rules[i] = new LoggerFilterRule(rule.ProviderName, category, Floor, rule.Filter);
                }
            }
            foreach (var provider in rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
            {
                foreach (var category in Categories) rules.Add(new LoggerFilterRule(provider, category, Floor, null));
            }
        }

        private static bool IsSensitive(string category) =>
            Categories.Any(c => category.StartsWith(c, StringComparison.OrdinalIgnoreCase));
    }
}
