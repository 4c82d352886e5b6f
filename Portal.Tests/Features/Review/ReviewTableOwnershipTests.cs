using System.Reflection;
using System.Text.RegularExpressions;
using Portal.Features.Review;

namespace Portal.Tests.Features.Review;

// One owner per table: Review writes only its recusals, the conflict declarations it weighs, the complainants' follow-up answers, the reply templates and the identity reveal requests and views; a case, its timeline, entries and households are written by
// their own stores, called with Review's transaction.
public sealed partial class ReviewTableOwnershipTests
{
    [Fact]
    public void ReviewFeature_WritesNoTableButItsOwn()
    {
        var written = typeof(ReviewStore).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Portal.Features.Review", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .SelectMany(f => Writes().Matches((string)f.GetRawConstantValue()!).Select(m => m.Groups["table"].Value))
            .Distinct()
            .ToList();

        Assert.Equal(["CaseFollowUp", "ConflictDeclaration", "DeadlineExtension", "IdentityRevealRequest", "IdentityRevealView", "Recusal", "ReplyTemplate"],
            written.Order());
    }

    [GeneratedRegex(@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?<table>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex Writes();
}
