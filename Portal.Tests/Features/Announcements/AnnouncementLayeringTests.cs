using NetArchTest.Rules;

namespace Portal.Tests.Features.Announcements;

// Regions ← Accounts ← Households ← Announcements ← Objections ← Review; Assistance may use Households and Announcements.
// The compiler's view: every type of a folder, its fields, signatures and method bodies.
public sealed class AnnouncementLayeringTests
{
    private static Types PortalTypes => Types.InAssembly(typeof(Program).Assembly);

    private static void Holds(NetArchTest.Rules.TestResult result) =>
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));

    [Fact]
    public void Households_DependOnNoFeatureAboveThem() =>
        Holds(PortalTypes.That().ResideInNamespace("Portal.Features.Households")
            .ShouldNot().HaveDependencyOnAny("Portal.Features.Announcements", "Portal.Features.Objections", "Portal.Features.Review", "Portal.Features.Assistance")
            .GetResult());

    [Fact]
    public void Announcements_DependNeitherOnObjectionsReviewNorAssistance() =>
        Holds(PortalTypes.That().ResideInNamespace("Portal.Features.Announcements")
            .ShouldNot().HaveDependencyOnAny("Portal.Features.Objections", "Portal.Features.Review", "Portal.Features.Assistance")
            .GetResult());

    // The audit chain is below every feature that appends to it; its paging type is shared, not borrowed from Households.
    [Fact]
    public void Audit_DependsNotOnHouseholds() =>
        Holds(PortalTypes.That().ResideInNamespace("Portal.Features.Audit").ShouldNot().HaveDependencyOn("Portal.Features.Households").GetResult());

    [Fact]
    public void Assistance_DependsOnNeitherObjectionsNorReview() =>
        Holds(PortalTypes.That().ResideInNamespace("Portal.Features.Assistance")
            .ShouldNot().HaveDependencyOnAny("Portal.Features.Objections", "Portal.Features.Review")
            .GetResult());
}
