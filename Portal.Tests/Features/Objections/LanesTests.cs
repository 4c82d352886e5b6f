using Portal.Features.Objections;

namespace Portal.Tests.Features.Objections;

public sealed class LanesTests
{
    [Theory]
    [InlineData(ObjectionCategory.WronglyIncluded, CaseLane.Administrative)]
    [InlineData(ObjectionCategory.WronglyExcluded, CaseLane.Administrative)]
    [InlineData(ObjectionCategory.InaccurateInformation, CaseLane.Administrative)]
    [InlineData(ObjectionCategory.FalseExit, CaseLane.Administrative)]
    [InlineData(ObjectionCategory.Other, CaseLane.Administrative)]
    [InlineData(ObjectionCategory.Favouritism, CaseLane.Misconduct)]
    [InlineData(ObjectionCategory.MisuseOfFunds, CaseLane.Misconduct)]
    public void EveryCategory_StartsInItsLane(ObjectionCategory category, CaseLane lane) => Assert.Equal(lane, Lanes.Of(category));
}
