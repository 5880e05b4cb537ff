using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.AppStore.Tests.Infrastructure;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Tests.Assessment;

/// <summary>The workflow over the real store (SQLite and PostgreSQL) and the real scoring service: state rules, the
/// four-eyes review, published results immutable in the database itself, corrections as new revisions, the audit.</summary>
public sealed class AssessmentWorkflowTests(AssessmentDataFixture data) : IClassFixture<AssessmentDataFixture>
{
    private const int Year = AssessmentDataFixture.Year;
    private static readonly AuditActor s_admin = new("admin");
    private static readonly AuditActor s_evaluator = new("evaluator");
    private static readonly AuditActor s_leader = new("leader");

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task PublishAsync_ReviewedCounty_RevisionOneWithTheSchemeAndStatePublished(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await ReviewedCountyAsync(workflow);

        var written = await workflow.PublishAsync(Year, [code], s_leader);

        var revision = Assert.Single(await workflow.Store.GetRevisionsAsync(Year, code));
        Assert.Equal(1, revision.Revision);
        Assert.Equal(written[0].Score, revision.County.Score);
        Assert.Equal((await workflow.FindYearAsync(Year))!.Value.Year.SchemeRecordId, revision.SchemeRecordId);
        Assert.Equal(WorkflowState.Published, (await workflow.Store.FindCountyAsync(Year, code))!.State);
        Assert.Equal("leader", revision.PublishedBy);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Update_PublishedRevision_RefusedByTheDatabase(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await ReviewedCountyAsync(workflow);
        await workflow.PublishAsync(Year, [code], s_leader);
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();

        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Set<PublishedRevision>().ExecuteUpdateAsync(s => s.SetProperty(r => r.Score, 100.0)));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.Set<PublishedRevision>().ExecuteDeleteAsync());

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.NotEqual(100.0, (await workflow.Store.GetRevisionsAsync(Year, code)).Single().County.Score);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SaveEntriesAsync_PublishedCounty_RefusedNothingChanged(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await ReviewedCountyAsync(workflow);
        await workflow.PublishAsync(Year, [code], s_leader);
        var before = await workflow.Store.GetEntriesAsync(Year, code);
        var entry = before.First(e => e.Source == EntrySource.Cross);

        var e = await Assert.ThrowsAsync<AssessmentWorkflowException>(() =>
            workflow.SaveEntriesAsync(Year, [new EntryEdit(code, entry.IndicatorId, EntrySource.Cross, 0.5)], "form", s_evaluator));

        Assert.Contains("published", e.MessageEn, StringComparison.Ordinal);
        Assert.Equal(before.Select(x => x.Value), (await workflow.Store.GetEntriesAsync(Year, code)).Select(x => x.Value));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MoveAsync_ReviewBySubmitter_RefusedStateUnchanged(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await EnteredCountyAsync(workflow);
        await workflow.Store.MoveAsync(Year, code, WorkflowAct.SubmitSelfAssessment, null, s_evaluator);
        await workflow.Store.MoveAsync(Year, code, WorkflowAct.SubmitScores, null, s_evaluator);

        var e = await Assert.ThrowsAsync<AssessmentWorkflowException>(() => workflow.MoveAsync(Year, code, WorkflowAct.Review, null, s_evaluator));

        Assert.Contains("someone else must review", e.MessageEn, StringComparison.Ordinal);
        Assert.Equal(WorkflowState.ScoresEntered, (await workflow.Store.FindCountyAsync(Year, code))!.State);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MoveAsync_SubmitWithoutSelfAssessment_RefusedNamingWhatIsMissing(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await StartAsync(workflow);

        var e = await Assert.ThrowsAsync<AssessmentWorkflowException>(() => workflow.MoveAsync(Year, code, WorkflowAct.SubmitSelfAssessment, null, s_evaluator));

        Assert.Contains("still lacks", e.MessageEn, StringComparison.Ordinal);
        Assert.Contains("self-assessment", e.MessageEn, StringComparison.Ordinal);
        Assert.Equal(WorkflowState.Draft, (await workflow.Store.FindCountyAsync(Year, code))!.State);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task OpenCorrection_Published_SecondRevisionWithReasonFirstKeptEveryActAudited(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var code = await ReviewedCountyAsync(workflow);
        await workflow.PublishAsync(Year, [code], s_leader);
        var first = (await workflow.Store.GetRevisionsAsync(Year, code)).Single();

        await workflow.MoveAsync(Year, code, WorkflowAct.OpenCorrection, "交叉评价分数录错 / cross score mistyped", s_leader);
        var cross = (await workflow.Store.GetEntriesAsync(Year, code)).First(e => e.Source == EntrySource.Cross);
        await workflow.SaveEntriesAsync(Year, [new EntryEdit(code, cross.IndicatorId, EntrySource.Cross, 0.5)], "form", s_evaluator);
        await workflow.Store.MoveAsync(Year, code, WorkflowAct.SubmitSelfAssessment, null, s_evaluator);
        await workflow.Store.MoveAsync(Year, code, WorkflowAct.SubmitScores, null, s_evaluator);
        await workflow.MoveAsync(Year, code, WorkflowAct.Review, null, s_leader);
        await workflow.PublishAsync(Year, [code], s_leader);

        var revisions = await workflow.Store.GetRevisionsAsync(Year, code);
        Assert.Equal([1, 2], revisions.Select(r => r.Revision));
        Assert.Equal(first.County.Score, revisions[0].County.Score);
        Assert.True(revisions[1].County.Score < first.County.Score);
        Assert.Equal("交叉评价分数录错 / cross score mistyped", revisions[1].Reason);
        Assert.Equal(revisions[1].County.Score, (await workflow.GetPublishedAsync(Year))!.Result.County(code)!.Score);
        var audit = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries
            .Where(a => a.Target == $"{Year}/{code}").OrderBy(a => a.Id).Select(a => a.Action + ": " + a.Detail).ToListAsync();
        Assert.Contains(audit, a => a.StartsWith(AuditActions.AssessmentWorkflow + ": published → draft", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Contains("revision 2", StringComparison.Ordinal) && a.Contains("correction", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.StartsWith(AuditActions.AssessmentEntry + ": form: " + cross.IndicatorId + "/cross", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SaveSchemeAsync_SameSchemeTwice_OneVersionChangedSchemeANewVersion(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var scheme = SchemeFile.Default(Year);

        var first = await workflow.Store.SaveSchemeAsync(scheme, null, s_admin);
        var again = await workflow.Store.SaveSchemeAsync(scheme, null, s_admin);
        var changed = await workflow.Store.SaveSchemeAsync(scheme with { NameZh = scheme.NameZh + "（修订）" }, "改名 / renamed", s_admin);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Version + 1, changed.Version);
        Assert.Equal(2, (await workflow.Store.ListSchemesAsync()).Count);
    }

    private async Task<TestStore> CreateAsync(AppStoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider, services => services.AddAssessmentWorkflow(_ => data.Service));
        return store;
    }

    private async Task<int> StartAsync(AssessmentWorkflow workflow)
    {
        var scheme = await workflow.Store.SaveSchemeAsync(SchemeFile.Default(Year), null, s_admin);
        await workflow.StartYearAsync(Year, scheme.Id, s_admin, samplingSeed: 7);
        return data.Service.Counties.Keys.Order().First();
    }

    // A county with every entry of the demo and its field results.
    private async Task<int> EnteredCountyAsync(AssessmentWorkflow workflow)
    {
        var code = await StartAsync(workflow);
        var (_, scheme) = (await workflow.FindYearAsync(Year))!.Value;
        var edits = DemoEntries.Create(scheme, data.Service.Counties, 7).Where(e => e.CountyCode == code)
            .Select(e => new EntryEdit(code, e.IndicatorId, e.Source, e.Value)).ToList();
        await workflow.SaveEntriesAsync(Year, edits, "form", s_evaluator);
        var sample = await workflow.DrawFieldSampleAsync(Year, code, s_evaluator);
        var results = new DemoFieldTeam(data.Root).Visit([sample])[code];
        await workflow.Store.SaveFieldResultsAsync(Year, code, results, "field.xlsx", s_evaluator);
        return code;
    }

    private async Task<int> ReviewedCountyAsync(AssessmentWorkflow workflow)
    {
        var code = await EnteredCountyAsync(workflow);
        await workflow.MoveAsync(Year, code, WorkflowAct.SubmitSelfAssessment, null, s_evaluator);
        await workflow.MoveAsync(Year, code, WorkflowAct.SubmitScores, null, s_evaluator);
        await workflow.MoveAsync(Year, code, WorkflowAct.Review, null, s_leader);
        return code;
    }
}
