using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

/// <summary>The post-assessment API's role rules over the demo year: evaluators enter and submit, leaders review and
/// publish, scoped users act only on their counties, and a published result takes no entries.</summary>
public sealed partial class AssessmentApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const int Year = TestExport.LatestYear;

    private static readonly System.Text.Json.JsonSerializerOptions s_json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    // 五寨县, the county evaluator's only county.
    private const int Wuzhai = 140928;

    private IReadOnlyDictionary<int, WorkflowState> InProgress
    {
        get
        {
            factory.EnsureAssessmentYear();
            using var scope = factory.Services.CreateScope();
            return DemoAssessmentYear.WorkInProgress(scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>().Service.Counties.Keys);
        }
    }

    private int CountyIn(WorkflowState state) => InProgress.First(p => p.Value == state).Key;

    private int PublishedCounty => Enumerable.Range(0, 200).Select(i => 140105 + i).First(c => !InProgress.ContainsKey(c) && c != Wuzhai && ReferenceCountyExists(c));

    [Fact]
    public async Task Act_LeaderSubmitsSelfAssessment_Forbidden()
    {
        using var client = factory.CreateClientFor(TestUsers.Leader);
        var code = CountyIn(WorkflowState.Draft);

        using var response = await client.PostAsync($"/api/assessment/{Year}/counties/{code}/acts/SubmitSelfAssessment", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(WorkflowState.Draft, await StateAsync(code));
    }

    [Theory]
    [InlineData("Review")]
    [InlineData("publish")]
    [InlineData("SendBack")]
    public async Task Act_EvaluatorReviewsOrPublishes_Forbidden(string act)
    {
        using var client = factory.CreateClientFor(TestUsers.Evaluator);
        var code = CountyIn(WorkflowState.Reviewed);

        using var response = await client.PostAsync($"/api/assessment/{Year}/counties/{code}/acts/{act}?note=x", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(WorkflowState.Reviewed, await StateAsync(code));
    }

    [Fact]
    public async Task Entries_AnalystPosts_ForbiddenByPolicy()
    {
        using var client = factory.CreateClientFor(TestUsers.Analyst);

        using var response = await client.PostAsJsonAsync($"/api/assessment/{Year}/counties/{CountyIn(WorkflowState.Draft)}/entries",
            new[] { new { indicator = DemoAssessmentYear.OpenIndicator, source = "self", value = 3.0 } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Entries_CountyEvaluatorOutsideScope_ForbiddenNothingSaved()
    {
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var code = CountyIn(WorkflowState.Draft);
        var before = await EntryCountAsync(code);

        using var response = await client.PostAsJsonAsync($"/api/assessment/{Year}/counties/{code}/entries",
            new[] { new { indicator = DemoAssessmentYear.OpenIndicator, source = "self", value = 3.0 } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("outside your data scope", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(before, await EntryCountAsync(code));
    }

    [Fact]
    public async Task Act_CountyEvaluatorOwnCountyPublished_RefusedByTheWorkflowNotTheScope()
    {
        Assert.False(InProgress.ContainsKey(Wuzhai));
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);

        using var response = await client.PostAsync($"/api/assessment/{Year}/counties/{Wuzhai}/acts/SubmitSelfAssessment", null, TestContext.Current.CancellationToken);

        // 五寨县 is published in the demo: in scope, so the workflow answers (409), not the scope check (403).
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(body.Contains("published", StringComparison.Ordinal), body);
    }

    [Fact]
    public async Task Entries_PublishedCounty_ConflictAndThePublishedResultUnchanged()
    {
        using var client = factory.CreateClientFor(TestUsers.Evaluator);
        var code = PublishedCounty;
        var before = await RevisionsAsync(code);

        using var response = await client.PostAsJsonAsync($"/api/assessment/{Year}/counties/{code}/entries",
            new[] { new { indicator = DemoAssessmentYear.OpenIndicator, source = "cross", value = 0.5 } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var after = await RevisionsAsync(code);
        Assert.Single(after);
        Assert.Equal(before.Single().County.Score, after.Single().County.Score);
    }

    [Fact]
    public async Task Act_LeaderPublishesADraft_ConflictNamingTheState()
    {
        using var client = factory.CreateClientFor(TestUsers.Leader);
        var code = InProgress.Where(p => p.Value == WorkflowState.Draft).Last().Key;

        using var response = await client.PostAsync($"/api/assessment/{Year}/counties/{code}/acts/publish", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("草稿", body, StringComparison.Ordinal);
        Assert.Contains("only reviewed counties can be published", body, StringComparison.Ordinal);
        Assert.Empty(await RevisionsAsync(code));
    }

    [Fact]
    public async Task ProvincePdf_PrefectureLeader_ForbiddenProvinceLeaderGetsAPdf()
    {
        factory.EnsureAssessmentYear();
        using var prefecture = factory.CreateClientFor(TestUsers.PrefectureLeader);
        using var province = factory.CreateClientFor(TestUsers.Leader);

        using var denied = await prefecture.GetAsync($"/api/assessment/{Year}/province.pdf", TestContext.Current.CancellationToken);
        using var allowed = await province.GetAsync($"/api/assessment/{Year}/province.pdf", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        var bytes = await allowed.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
    }

    [Fact]
    public async Task Published_PrefectureLeader_OnlyItsCounties()
    {
        factory.EnsureAssessmentYear();
        using var client = factory.CreateClientFor(TestUsers.PrefectureLeader);

        var rows = await client.GetFromJsonAsync<List<RevivalAnalytics.Dashboard.Apis.AssessmentApi.PublishedRow>>($"/api/assessment/{Year}/published", s_json, TestContext.Current.CancellationToken);

        Assert.NotNull(rows);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(1401, r.CountyCode / 100));
    }

    private async Task<WorkflowState> StateAsync(int code)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().FindCountyAsync(Year, code, TestContext.Current.CancellationToken))!.State;
    }

    private async Task<int> EntryCountAsync(int code)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetEntriesAsync(Year, code, TestContext.Current.CancellationToken)).Count;
    }

    private async Task<IReadOnlyList<PublishedCounty>> RevisionsAsync(int code)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetRevisionsAsync(Year, code, TestContext.Current.CancellationToken);
    }

    private bool ReferenceCountyExists(int code)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>().Service.Counties.ContainsKey(code);
    }
}
