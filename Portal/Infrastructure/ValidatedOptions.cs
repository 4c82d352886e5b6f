using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure;

// Options bound from their configuration section and checked by their DataAnnotations ([Range], [Required], and
// IValidatableObject for a rule across keys) once, at start-up. The framework's ValidateDataAnnotations names a failing
// property by its C# name; an operator edits keys, so every failure here names the key ("Review:ReplyDays") and the rule.
public static class ValidatedOptions
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionRules<T>(section));
        return services.AddOptions<T>().Configure<IConfiguration>((options, configuration) => Bind(configuration, section, options)).ValidateOnStart();
    }

    // A value the binder cannot convert (a unit that is no PeriodUnit) stops start-up like any other broken rule: the
    // enum's names when the key is a top-level enum property, the binder's own line (which names the key) otherwise.
    private static void Bind<T>(IConfiguration configuration, string section, T options) where T : class
    {
        var values = configuration.GetSection(section);
        try
        {
            values.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            var wrong = typeof(T).GetProperties().FirstOrDefault(p => p.PropertyType.IsEnum && values[p.Name] is { } v && !Enum.TryParse(p.PropertyType, v, true, out _));
            var line = wrong is null
                ? PortalStartupException.FirstLine(e.Message)
                : $"{section}:{wrong.Name} must be {string.Join(" or ", Enum.GetNames(wrong.PropertyType))}";
            throw new OptionsValidationException(section, typeof(T), [line]);
        }
    }

    // The one read before the container exists (limits the web server takes as it is configured), under the same rules.
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        return Problems(options, section) is [_, ..] problems ? throw new OptionsValidationException(section, typeof(T), problems) : options;
    }

    public static IReadOnlyList<string> Problems(object options, string section)
    {
        var results = new List<ValidationResult>();
        foreach (var property in options.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = $"{section}:{property.Name}" };
            Validator.TryValidateProperty(property.GetValue(options), context, results);
        }
        if (results.Count == 0 && options is IValidatableObject whole) results.AddRange(whole.Validate(new ValidationContext(options)));
        return [.. results.Select(r => r.ErrorMessage ?? section)];
    }

    private sealed class SectionRules<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            Problems(options, section) is [_, ..] problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
