using NetArchTest.Rules;
using Portal.Features.Objections;

namespace Portal.Tests.Features.Objections;

// Review handles objections, so it may use Objections; Objections must not need Review back (IReceivedCaseRouting is
// how a receipt asks Review to route a stranded case).
public sealed class ObjectionsDependencyTests
{
    [Fact]
    public void ObjectionsFeature_DependsOnNothingInReview()
    {
        var result = Types.InAssembly(typeof(ObjectionStore).Assembly)
            .That().ResideInNamespace("Portal.Features.Objections")
            .ShouldNot().HaveDependencyOn("Portal.Features.Review")
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
