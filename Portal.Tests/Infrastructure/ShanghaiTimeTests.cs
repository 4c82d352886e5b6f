using Portal.Infrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class ShanghaiTimeTests
{
    private static DateTime Utc(string at) => DateTime.SpecifyKind(DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Fact]
    public void Format_UtcEvening_IsReadAsTheNextMorningInBeijing() =>
        Assert.Equal("2026-05-02 07:30", ShanghaiTime.Format(Utc("2026-05-01 23:30:59")));

    [Theory]
    [InlineData("2026-04-30 15:59:59", "2026-04-30")]
    [InlineData("2026-04-30 16:00:00", "2026-05-01")]
    public void Today_AroundMidnightInShanghai_TurnsAtSixteenUtc(string utc, string date) =>
        Assert.Equal(DateOnly.Parse(date), ShanghaiTime.Today(new DateTimeOffset(Utc(utc))));

    [Fact]
    public void DateOf_UtcMoment_IsTheShanghaiDate() =>
        Assert.Equal(new DateOnly(2027, 1, 1), ShanghaiTime.DateOf(Utc("2026-12-31 16:30:00")));

    [Fact]
    public void StartOf_Date_IsMidnightBeijingTime()
    {
        var start = ShanghaiTime.StartOf(new DateOnly(2026, 5, 1));

        Assert.Equal(new DateTimeOffset(2026, 4, 30, 16, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.FromHours(8), start.Offset);
    }

    [Fact]
    public void Deadline_EndOfDay_IsSaidAsTwentyFourHundredOfTheLastDay() =>
        Assert.Equal("2026-05-04 24:00", ShanghaiTime.Deadline(ShanghaiTime.StartOf(new DateOnly(2026, 5, 5))));

    [Fact]
    public void Zone_OnThisMachine_IsAsiaShanghaiWithoutDaylightSaving()
    {
        Assert.Equal("Asia/Shanghai", ShanghaiTime.Zone.Id);
        Assert.Equal(TimeSpan.FromHours(8), ShanghaiTime.Zone.GetUtcOffset(new DateTime(2026, 7, 1)));
    }
}
