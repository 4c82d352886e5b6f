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

    [Theory]
    [InlineData("511903000000", "511903000000")]
    [InlineData("511903100000", "511903000000")]
    [InlineData("511903100201", "511903000000")]
    [InlineData("51190310020103", "511903000000")]
    public void DistrictOf_AnyRegion_IsItsDistrictsTwelveDigitCode(string code, string district) =>
        Assert.Equal(district, RegionScope.DistrictOf(code));

    [Theory]
    [InlineData("511903100000", "511903100000")]
    [InlineData("511903101201", "511903101000")]
    [InlineData("51190310020103", "511903100000")]
    public void TownshipOf_TownshipVillageOrGroup_IsTheTownshipsTwelveDigitCode(string code, string township) =>
        Assert.Equal(township, RegionScope.TownshipOf(code));

    [Theory]
    [InlineData("51190310020103", "511903100201")]
    [InlineData("511903100201", "511903100201")]
    [InlineData("511903100000", "511903100000")]
    public void DivisionOf_GroupIsItsVillage_AnyOtherRegionItself(string code, string division) =>
        Assert.Equal(division, RegionScope.DivisionOf(code));

    [Fact]
    public void DistrictAndTownshipOf_Derived_AreRegionsOfThatLevelContainingTheCode()
    {
        const string group = "51190310120207";

        Assert.Equal(RegionLevel.District, RegionScope.LevelOf(RegionScope.DistrictOf(group)));
        Assert.Equal(RegionLevel.Township, RegionScope.LevelOf(RegionScope.TownshipOf(group)));
        Assert.Equal(RegionLevel.Village, RegionScope.LevelOf(RegionScope.DivisionOf(group)));
        Assert.True(RegionScope.Of(RegionScope.TownshipOf(group)).Contains(group));
    }
}
