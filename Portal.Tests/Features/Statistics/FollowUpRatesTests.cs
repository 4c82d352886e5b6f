using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Demo;
using Portal.Features.Review;
using Portal.Features.Statistics;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Statistics;

// The small-sample rule: a rate needs 10 answers to its question; with 9 it is null and "too few answers".
public sealed class FollowUpRatesTests
{
    private static IEnumerable<(bool? Resolved, bool? Satisfied)> Answers(int n, bool? resolved, bool? satisfied) =>
        Enumerable.Repeat((resolved, satisfied), n);

    [Fact]
    public void Of_NineAnswers_PublishesNoRate()
    {
        var f = FollowUpRates.Of(Answers(9, false, true));

        Assert.Equal((9, (double?)null, 9, (double?)null), (f.SatisfactionAnswers, f.SatisfactionRate, f.ResolvedAnswers, f.ReopenRate));
    }

    [Fact]
    public void Of_TenAnswers_PublishesBothRates()
    {
        var f = FollowUpRates.Of(Answers(7, true, true).Concat(Answers(1, true, false)).Concat(Answers(2, false, false)));

        Assert.Equal((10, (double?)0.7, 10, (double?)0.2), (f.SatisfactionAnswers, f.SatisfactionRate, f.ResolvedAnswers, f.ReopenRate));
    }

    // Each rate counts the answers to its own question: a question left unanswered is in neither part nor whole.
    [Fact]
    public void Of_EachRate_CountsOnlyTheAnswersToItsQuestion()
    {
        var f = FollowUpRates.Of(Answers(10, null, true).Concat(Answers(9, false, null)));

        Assert.Equal((10, (double?)1.0, 9, (double?)null), (f.SatisfactionAnswers, f.SatisfactionRate, f.ResolvedAnswers, f.ReopenRate));
    }
}

// On /statistics, its API and its CSV: a township with 9 answers says "too few answers", one with 10 shows the rates.
// A portal of its own, so that no other test's answers are counted.
public sealed partial class FollowUpStatisticsTests : IAsyncLifetime
{
    private const string Reason = "答复说该户符合条件，但他家在城里有商品房和小汽车，请上级复核。";
    private readonly PortalAppFactory app = new();
    private static readonly DemoDistrict.Township Nine = DemoDistrict.Townships[0];
    private static readonly DemoDistrict.Township Ten = DemoDistrict.Townships[1];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var followUps = app.Services.GetRequiredService<FollowUpStore>();
        async Task AnswerAsync(int township, bool resolved, bool satisfied)
        {
            var filed = await StaffCases.RepliedAsync(app, Ct, township, reject: true);
            var result = await followUps.AnswerAsync(filed.Receipt, resolved, satisfied, resolved ? null : Reason, Ct);
            Assert.True(result.Result.IsAllowed, result.Result.Rule);
        }
        for (var i = 0; i < 9; i++) await AnswerAsync(0, true, true);
        // Ten: 7 satisfied, 2 not resolved (which appealed).
        for (var i = 0; i < 10; i++) await AnswerAsync(1, resolved: i >= 2, satisfied: i < 7);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Page_NineAnswers_SaysTooFew_TenShowTheRates()
    {
        var html = await app.CreateClient().GetStringAsync("/statistics", Ct);
        var table = FollowUpTable().Match(html).Groups[1].Value;

        Assert.Matches($"<th scope=\"row\">{Nine.Name}</th>\\s*<td class=\"num\">回答太少</td>\\s*<td class=\"num\">回答太少</td>", table);
        Assert.Matches($"<th scope=\"row\">{Ten.Name}</th>\\s*<td class=\"num\">70%（10 份回答）</td>\\s*<td class=\"num\">20%（10 份回答）</td>", table);
    }

    [Fact]
    public async Task Page_InEnglish_SaysTooFewAnswers()
    {
        var html = await app.CreateClient().GetStringAsync("/statistics?culture=en&ui-culture=en", Ct);

        Assert.Matches($"<th scope=\"row\">{Nine.NameEn}</th>\\s*<td class=\"num\">too few answers</td>", FollowUpTable().Match(html).Groups[1].Value);
    }

    [Fact]
    public async Task Api_NineAnswers_RateIsNull_TenHaveRates()
    {
        var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/v1/statistics", Ct)).RootElement;
        JsonElement FollowUp(string code) => json.GetProperty("objectionsByTownship").EnumerateArray()
            .Single(t => t.GetProperty("townshipCode").GetString() == code).GetProperty("followUp");

        var nine = FollowUp(Nine.Code);
        Assert.Equal(9, nine.GetProperty("satisfactionAnswers").GetInt32());
        Assert.Equal(JsonValueKind.Null, nine.GetProperty("satisfactionRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, nine.GetProperty("reopenRate").ValueKind);
        var ten = FollowUp(Ten.Code);
        Assert.Equal(10, ten.GetProperty("satisfactionAnswers").GetInt32());
        Assert.Equal(0.7, ten.GetProperty("satisfactionRate").GetDouble(), 6);
        Assert.Equal(0.2, ten.GetProperty("reopenRate").GetDouble(), 6);
    }

    [Fact]
    public async Task Csv_NineAnswers_SaysTooFew_TenHaveRates()
    {
        var csv = Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync("/statistics/objections.csv", Ct)).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n");

        Assert.EndsWith(",满意度回答数,满意率,解决情况回答数,未解决率", lines[0]);
        Assert.EndsWith(",9,回答太少,9,回答太少", lines.Single(l => l.StartsWith(Nine.Name + ",", StringComparison.Ordinal)));
        Assert.EndsWith(",10,0.700,10,0.200", lines.Single(l => l.StartsWith(Ten.Name + ",", StringComparison.Ordinal)));
    }

    // The per-township query another panel calls, by lane: both cases here are administrative (WronglyIncluded).
    [Fact]
    public async Task ByTownship_ByLane_CountsOnlyThatLane()
    {
        var statistics = app.Services.GetRequiredService<FollowUpStatistics>();

        Assert.Equal(10, (await statistics.ByTownshipAsync(Portal.Features.Objections.CaseLane.Administrative, Ct))[Ten.Code].SatisfactionAnswers);
        Assert.Empty(await statistics.ByTownshipAsync(Portal.Features.Objections.CaseLane.Misconduct, Ct));
    }

    [GeneratedRegex("<table class=\"data followup-rates\">(.*?)</table>", RegexOptions.Singleline)]
    private static partial Regex FollowUpTable();
}
