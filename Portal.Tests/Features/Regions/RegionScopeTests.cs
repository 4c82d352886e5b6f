using Portal.Features.Regions;

namespace Portal.Tests.Features.Regions;

public sealed class RegionScopeTests
{
    [Theory]
    [InlineData("511903000000", RegionLevel.District)]
    [InlineData("511903100000", RegionLevel.Township)]
    [InlineData("511903100201", RegionLevel.Village)]
    [InlineData("51190310020103", RegionLevel.Group)]
    public void LevelOf_Code_IsReadFromItsDigits(string code, RegionLevel level) => Assert.Equal(level, RegionScope.LevelOf(code));

    [Fact]
    public void Contains_TownshipScope_HoldsItsVillagesAndGroupsButNotItsNeighbours()
    {
        var yuxi = RegionScope.Of("511903100000");

        Assert.True(yuxi.Contains("511903100201"));
        Assert.True(yuxi.Contains("51190310020103"));
        Assert.False(yuxi.Contains("511903101201"));
        Assert.False(yuxi.Contains("511903000000"));
    }

    [Fact]
    public void Filter_VillageScope_AlwaysNarrowsToItsVillage()
    {
        var guihua = RegionScope.Of("511903100201");

        Assert.Equal((null, "511903100201"), guihua.Filter(null, "511903100202"));
    }

    [Fact]
    public void Filter_TownshipScope_KeepsTheChosenVillage()
    {
        var yuxi = RegionScope.Of("511903100000");

        Assert.Equal(("511903100000", "511903100202"), yuxi.Filter(null, "511903100202"));
    }

    [Fact]
    public void LevelOf_BadCode_Throws() => Assert.Throws<ArgumentException>(() => RegionScope.LevelOf("5119"));
}
