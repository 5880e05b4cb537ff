using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Tests.Infrastructure;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Tests.Assessment;

/// <summary>Year on year from two published years of the store, checked against the published revisions read
/// directly, with the ranks within each class recomputed here from the scores.</summary>
public sealed class AssessmentYearOnYearTests(AssessmentDataFixture data) : IClassFixture<AssessmentDataFixture>
{
    private const int Year = AssessmentDataFixture.Year;

    [Fact]
    public async Task Compare_TwoPublishedYears_ChangesMatchTheRevisions()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite, services => services.AddAssessmentWorkflow(_ => data.Service));
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year - 1, data.Root, TestContext.Current.CancellationToken);
        await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year, data.Root, TestContext.Current.CancellationToken);

        var changes = AssessmentYearOnYear.Compare(
            (await workflow.GetPublishedAsync(Year, TestContext.Current.CancellationToken))!,
            await workflow.GetPublishedAsync(Year - 1, TestContext.Current.CancellationToken));

        var now = (await workflow.Store.GetPublishedAsync(Year, TestContext.Current.CancellationToken)).ToDictionary(p => p.County.CountyCode, p => p.County);
        var before = (await workflow.Store.GetPublishedAsync(Year - 1, TestContext.Current.CancellationToken)).ToDictionary(p => p.County.CountyCode, p => p.County);
        Assert.Equal(data.Service.Counties.Count, changes.Count);
        Assert.Equal(now.Keys.Order(), changes.Keys.Order());
        Assert.Contains(changes.Values, c => c.ScoreChange != 0);
        Assert.Contains(changes.Values, c => c.RankChange is > 0);
        Assert.Contains(changes.Values, c => c.RankChange is < 0);
        foreach (var (code, change) in changes)
        {
            Assert.Equal(now[code].Score - before[code].Score, change.ScoreChange, 1e-4);
            Assert.Equal(before[code].Grade, change.Previous.Grade);
            Assert.Equal(RankInClass(before, code) - RankInClass(now, code), change.RankChange);
            foreach (var dimension in change.Dimensions)
            {
                var expected = now[code].Dimensions.Single(d => d.Id == dimension.Id).Score - before[code].Dimensions.Single(d => d.Id == dimension.Id).Score;
                Assert.Equal(expected, dimension.Change!.Value, 1e-4);
            }
        }
    }

    [Fact]
    public void Compare_NoPreviousYear_Empty()
    {
        var county = new CountyAssessment
        {
            CountyCode = 140105, CountyName = "小店区", PrefectureName = "太原市", CountyClass = 1, TotalPoints = 100, BaseScore = 90, Bonus = 0, Score = 90,
            Grade = AssessmentGrade.Good, Vetoes = [], RankInClass = 1, ClassSize = 1, Dimensions = [], Items = [], Missing = [],
        };
        var scheme = SchemeFile.Default(Year);
        var year = new PublishedYear(Year, new AssessmentResult
        {
            Year = Year, Scheme = scheme, SchemeId = scheme.Id, SchemeVersion = 1, SchemeFingerprint = "x", SchemeNameZh = scheme.NameZh, DataVersion = "v1",
            ComputedAt = DateTimeOffset.UnixEpoch, Counties = [county],
        }, new Dictionary<int, PublishedCounty>(), 1);

        Assert.Empty(AssessmentYearOnYear.Compare(year, null));
        Assert.Equal(0, AssessmentYearOnYear.Compare(year, year)[140105].ScoreChange);
        Assert.Equal(0, AssessmentYearOnYear.Compare(year, year)[140105].RankChange);
    }

    // The rank within the class written out again: counties without a veto first, by score; ties share a rank.
    private static int RankInClass(IReadOnlyDictionary<int, CountyAssessment> counties, int code)
    {
        var county = counties[code];
        return 1 + counties.Values.Count(c => c.CountyClass == county.CountyClass
            && (c.Vetoed != county.Vetoed ? !c.Vetoed : Math.Round(c.Score, 4) > Math.Round(county.Score, 4)));
    }
}
