using Portal.Features.Announcements;
using Portal.Infrastructure;

namespace Portal.Tests.Features.Announcements;

// Issue 16, Must have 1 and 2: what of a list goes online, as pure rules.
public sealed class OnlinePrivacyTests
{
    private static readonly Procedure Identification = ProcedureCatalog.Defaults.For(AnnouncementKind.Identification);

    private static AnnouncementEntry Entry(string cause, string subject = "王小明") =>
        new() { Position = 1, HouseholdId = 7, Subject = subject, GroupName = "一组", Size = 4, Attribute = "General", Cause = cause };

    private static Announcement Listed(AnnouncementStatus status, DateOnly end, AnnouncementKind kind = AnnouncementKind.Identification) => new()
    {
        Id = 1, Kind = kind, Stage = AnnouncementStage.VillagePublicity, Status = status, RegionCode = "511903100201", Title = "t", Year = 2026,
        PeriodStart = end.AddDays(-6), PeriodEnd = end,
    };

    // Noon in Shanghai on the given day.
    private static DateTimeOffset On(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));

    [Theory]
    [InlineData("Illness")]
    [InlineData("Disability")]
    public void LeastData_HealthCause_IsWithheldByDefault_AndKeptWhenTheProcedureOptsIn(string cause)
    {
        Assert.Equal(OnlinePrivacy.CauseNotOnline, OnlinePrivacy.LeastData(Identification, Entry(cause)).Cause);
        Assert.Equal(cause, OnlinePrivacy.LeastData(Identification with { PublishHealthCausesOnline = true }, Entry(cause)).Cause);
    }

    [Theory]
    [InlineData("Education")]
    [InlineData("LackOfSkills")]
    public void LeastData_OtherCause_IsPublished(string cause) =>
        Assert.Equal(cause, OnlinePrivacy.LeastData(Identification, Entry(cause)).Cause);

    [Fact]
    public void LeastData_MonitoringProcedure_NeverPublishesACause_EvenOptedIn()
    {
        var monitoring = ProcedureCatalog.Defaults.For(AnnouncementKind.MonitoringInclusion) with { PublishHealthCausesOnline = true };

        Assert.Equal(OnlinePrivacy.CauseNotOnline, OnlinePrivacy.LeastData(monitoring, Entry("Education")).Cause);
        Assert.False(OnlinePrivacy.PublishesHealthOnline(monitoring));
    }

    [Theory]
    [InlineData("王小明", "王＊＊")]
    [InlineData("  李四 ", "李＊＊")]
    [InlineData("欧阳明", "欧阳＊＊")]
    [InlineData("司马相如", "司马＊＊")]
    [InlineData("欧", "欧＊＊")]
    [InlineData("𠀾明", "𠀾＊＊")]
    public void MaskName_KeepsTheSurnameOnly(string name, string masked) => Assert.Equal(masked, OnlinePrivacy.MaskName(name));

    [Theory]
    [InlineData(AnnouncementStatus.Finalized, 31, true)]
    [InlineData(AnnouncementStatus.Finalized, 30, false)]
    [InlineData(AnnouncementStatus.Superseded, 31, true)]
    [InlineData(AnnouncementStatus.Withdrawn, 31, true)]
    [InlineData(AnnouncementStatus.Closed, 400, false)]
    [InlineData(AnnouncementStatus.Published, 400, false)]
    public void NamesMasked_OnceNoLongerOpenAndPastTheRetentionDays(AnnouncementStatus status, int daysAfterEnd, bool masked)
    {
        var end = new DateOnly(2026, 10, 1);

        Assert.Equal(masked, OnlinePrivacy.NamesMasked(Identification, Listed(status, end), On(end.AddDays(daysAfterEnd))));
    }

    [Fact]
    public void NamesMasked_FollowsTheProceduresRetentionDays_AndNeverAProjectList()
    {
        var end = new DateOnly(2026, 10, 1);

        Assert.False(OnlinePrivacy.NamesMasked(Identification with { OnlineRetentionDays = 90 }, Listed(AnnouncementStatus.Finalized, end), On(end.AddDays(60))));
        Assert.True(OnlinePrivacy.NamesMasked(Identification with { OnlineRetentionDays = 90 }, Listed(AnnouncementStatus.Finalized, end), On(end.AddDays(91))));
        var funds = ProcedureCatalog.Defaults.For(AnnouncementKind.FundsAndProjects);
        Assert.False(OnlinePrivacy.NamesMasked(funds, Listed(AnnouncementStatus.Finalized, end, AnnouncementKind.FundsAndProjects), On(end.AddDays(400))));
    }

    [Fact]
    public void Online_PastRetention_MasksTheName_KeepsGroupAndSize_AndWithholdsTheHealthCause()
    {
        var end = new DateOnly(2026, 10, 1);

        var shown = OnlinePrivacy.Online(Identification, Listed(AnnouncementStatus.Finalized, end), [Entry("Illness")], On(end.AddDays(31))).Single();

        Assert.Equal(("王＊＊", "一组", 4, OnlinePrivacy.CauseNotOnline), (shown.Subject, shown.GroupName, shown.Size, shown.Cause));
    }

    // The hash is taken over the least-data form, so the open data recomputes it: the withheld cause is in it as withheld.
    [Fact]
    public void Hash_OverTheLeastDataForm_DoesNotDependOnTheWithheldCause()
    {
        var a = Listed(AnnouncementStatus.Published, new DateOnly(2026, 10, 1));
        var fields = Identification.OnlineFields;

        var illness = AnnouncementContent.Hash(a, [OnlinePrivacy.LeastData(Identification, Entry("Illness"))], fields);
        var disability = AnnouncementContent.Hash(a, [OnlinePrivacy.LeastData(Identification, Entry("Disability"))], fields);

        Assert.Equal(illness, disability);
        Assert.Contains($"\"cause\":\"{OnlinePrivacy.CauseNotOnline}\"", AnnouncementContent.CanonicalText(a, [OnlinePrivacy.LeastData(Identification, Entry("Illness"))], fields));
        Assert.NotEqual(illness, AnnouncementContent.Hash(a, [Entry("Illness")], fields));
    }
}
