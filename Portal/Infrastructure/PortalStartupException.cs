using Microsoft.Extensions.Options;

namespace Portal.Infrastructure;

// A start-up problem the operator can fix; Program prints its message alone, without a stack trace.
public sealed class PortalStartupException(string message, Exception? inner = null) : Exception(message, inner)
{
    // The one line Program prints for a problem the operator can fix (a setting out of its rule included); null otherwise.
    public static string? Line(Exception e) => e switch
    {
        PortalStartupException => e.Message,
        OptionsValidationException invalid => "Start-up stopped: " + string.Join(" ", invalid.Failures),
        AggregateException all when all.InnerExceptions.All(i => i is OptionsValidationException) =>
            "Start-up stopped: " + string.Join(" ", all.InnerExceptions.SelectMany(i => ((OptionsValidationException)i).Failures)),
        _ => null,
    };

    public static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
