using Portal.Features.Announcements;

namespace Portal.Tests.Features.Announcements;

public sealed class AnnouncementContentTests
{
    private static readonly IReadOnlyList<EntryField> Fields = ProcedureCatalog.Defaults.For(AnnouncementKind.Exit).OnlineFields;

    private static readonly Announcement Exit = new()
    {
        Id = 7, Kind = AnnouncementKind.Exit, Stage = AnnouncementStage.VillagePublicity, Status = AnnouncementStatus.Published,
        RegionCode = "511903100201", Title = "玉溪镇桂花村2026年贫困户脱贫退出村级公示", Year = 2026,
        PeriodStart = new DateOnly(2026, 11, 26), PeriodEnd = new DateOnly(2026, 12, 2),
    };

    private static AnnouncementEntry Entry(long household, string name, int position, decimal income = 6000m) => new()
    {
        HouseholdId = household, Position = position, Subject = name, GroupName = "一组", Size = 3, Attribute = "General",
        Cause = "Illness", IncomePerCapita = income, AssurancesMet = true,
    };

    [Fact]
    public void CanonicalForm_IsCompactJsonWithTheKindsFieldsInOrder()
    {
        var text = AnnouncementContent.CanonicalText(Exit, [Entry(1, "王德明", 1)], Fields);

        Assert.Equal(
            "{\"id\":7,\"version\":1,\"kind\":\"Exit\",\"stage\":\"VillagePublicity\",\"region\":\"511903100201\"," +
            "\"title\":\"玉溪镇桂花村2026年贫困户脱贫退出村级公示\",\"periodStart\":\"2026-11-26\",\"periodEnd\":\"2026-12-02\"," +
            "\"entries\":[{\"position\":1,\"groupName\":\"一组\",\"subject\":\"王德明\",\"size\":\"3\",\"attribute\":\"General\"," +
            "\"cause\":\"Illness\",\"incomePerCapita\":\"6000.00\",\"assurancesMet\":\"true\"}]}", text);
    }

    [Fact]
    public void Hash_ChangesWithAnyPublishedValueAndNotWithOrderOfInput()
    {
        var entries = new[] { Entry(1, "王德明", 1), Entry(2, "李秀兰", 2) };

        var hash = AnnouncementContent.Hash(Exit, entries, Fields);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AnnouncementContent.Hash(Exit, entries.Reverse(), Fields));
        Assert.NotEqual(hash, AnnouncementContent.Hash(Exit, [Entry(1, "王德明", 1), Entry(2, "李秀兰", 2, 6001m)], Fields));
        Assert.NotEqual(hash, AnnouncementContent.Hash(Exit with { PeriodEnd = new DateOnly(2026, 12, 3) }, entries, Fields));
    }

    [Fact]
    public void Difference_FindsAddedRemovedAndChangedEntriesByHousehold()
    {
        var before = new[] { Entry(1, "王德明", 1), Entry(2, "李秀兰", 2), Entry(3, "张国华", 3) };
        var after = new[] { Entry(2, "李秀兰", 1, 6500m), Entry(3, "张国华", 2), Entry(4, "刘志强", 3) };

        var diff = VersionDifference.Between(Fields, before, after);

        Assert.Equal(["刘志强"], diff.Added.Select(e => e.Subject));
        Assert.Equal(["王德明"], diff.Removed.Select(e => e.Subject));
        var changed = Assert.Single(diff.Changed);
        Assert.Equal("李秀兰", changed.After.Subject);
        Assert.Equal([new FieldChange(EntryField.IncomePerCapita, "6000.00", "6500.00")], changed.Changes);
    }

    [Fact]
    public void Difference_SameEntriesReordered_IsEmpty()
    {
        var before = new[] { Entry(1, "王德明", 1), Entry(2, "李秀兰", 2) };
        var after = new[] { Entry(2, "李秀兰", 1), Entry(1, "王德明", 2) };

        Assert.True(VersionDifference.Between(Fields, before, after).IsEmpty);
    }

    [Fact]
    public void Whitelist_Identification_ClearsIncomeMeasuresAndFunds()
    {
        var full = Entry(1, "王德明", 1) with { Measures = "Industry", Cadre = "何文华", Amount = 1000m, Implementer = "x", Beneficiaries = 3 };

        var kept = EntrySnapshot.Whitelisted(ProcedureCatalog.Defaults.For(AnnouncementKind.Identification).PublishedFields, full);

        Assert.Null(kept.IncomePerCapita);
        Assert.Null(kept.AssurancesMet);
        Assert.Null(kept.Measures);
        Assert.Null(kept.Cadre);
        Assert.Null(kept.Amount);
        Assert.Equal("王德明", kept.Subject);
        Assert.Equal("一组", kept.GroupName);
    }

    [Fact]
    public void Whitelist_EveryKind_PublishesOnlyItsSpecFields()
    {
        Assert.Equal([EntryField.GroupName, EntryField.Subject, EntryField.Size, EntryField.Attribute, EntryField.Cause], AnnouncementFields.For(AnnouncementKind.Identification));
        Assert.Contains(EntryField.IncomePerCapita, AnnouncementFields.For(AnnouncementKind.Exit));
        Assert.Contains(EntryField.AssurancesMet, AnnouncementFields.For(AnnouncementKind.Exit));
        Assert.Contains(EntryField.Measures, AnnouncementFields.For(AnnouncementKind.AssistancePlan));
        Assert.Contains(EntryField.Cadre, AnnouncementFields.For(AnnouncementKind.AssistancePlan));
        // Issue 14: the fields of the 2018 funds-and-projects disclosure guidance, not only name, amount, implementer and beneficiaries.
        Assert.Equal(
            [EntryField.Subject, EntryField.Place, EntryField.Task, EntryField.SubsidyStandard, EntryField.FundSource, EntryField.Amount, EntryField.Schedule,
             EntryField.Implementer, EntryField.ResponsiblePerson, EntryField.PerformanceTargets, EntryField.BenefitMechanism, EntryField.Beneficiaries],
            AnnouncementFields.For(AnnouncementKind.FundsAndProjects));
    }
}
