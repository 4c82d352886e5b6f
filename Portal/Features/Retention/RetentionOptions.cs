using System.ComponentModel.DataAnnotations;

namespace Portal.Features.Retention;

// How long personal data is kept once it is no longer needed (PIPL §19, §47): a complainant's or reporter's identity
// and a case's attachments from the day the case closed (a report: was decided), a household's encrypted ID and phone
// numbers from the day it left the programme.
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    [Range(1, 30)]
    public int CaseYears { get; set; } = 3;

    // The five-year transition period (过渡期) after exit: exited households stay under monitoring against returning to
    // poverty, and checks of those years cross-match lists by ID number.
    [Range(1, 30)]
    public int HouseholdYears { get; set; } = 5;

    public DateTime CasesClosedBefore(DateTimeOffset now) => now.UtcDateTime.AddYears(-CaseYears);

    public DateTime HouseholdsLeftBefore(DateTimeOffset now) => now.UtcDateTime.AddYears(-HouseholdYears);
}
