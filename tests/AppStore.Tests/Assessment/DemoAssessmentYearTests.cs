using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Tests.Infrastructure;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Tests.Assessment;

/// <summary>The demo's finished earlier year: its own scheme version for the year, every county published with it,
/// problems rectified and nine in ten closed; written once only.</summary>
public sealed class DemoAssessmentYearTests(AssessmentDataFixture data) : IClassFixture<AssessmentDataFixture>
{
    private const int Year = AssessmentDataFixture.Year - 1;

    [Fact]
    public async Task WriteFinishedYearAsync_NewYear_EveryCountyPublishedProblemsClosed()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite, services => services.AddAssessmentWorkflow(_ => data.Service));
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();

        var written = await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year, data.Root, TestContext.Current.CancellationToken);
        var again = await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year, data.Root, TestContext.Current.CancellationToken);

        Assert.True(written);
        Assert.False(again);
        var scheme = Assert.Single(await workflow.Store.ListSchemesAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Year, scheme.Year);
        var counties = await workflow.Store.GetCountiesAsync(Year, TestContext.Current.CancellationToken);
        Assert.Equal(data.Service.Counties.Count, counties.Count);
        Assert.All(counties, c => Assert.Equal(WorkflowState.Published, c.State));
        var published = await workflow.Store.GetPublishedAsync(Year, TestContext.Current.CancellationToken);
        Assert.Equal(counties.Count, published.Count);
        Assert.All(published, p => Assert.Equal(scheme.Id, p.SchemeRecordId));
        // Every entered score is there; only a field-check rate can lack respondents in a county this small export
        // barely samples.
        Assert.All(published, p => Assert.All(p.County.Missing, m => Assert.Equal(EntrySource.FieldCheck, m.Source)));
        var problems = await workflow.Store.GetProblemsAsync(Year, null, TestContext.Current.CancellationToken);
        Assert.NotEmpty(problems);
        Assert.DoesNotContain(problems, p => p.State == ProblemState.InProgress);
        Assert.Equal(problems.Count / 10, problems.Count(p => p.State == ProblemState.Rectified));
    }
}
