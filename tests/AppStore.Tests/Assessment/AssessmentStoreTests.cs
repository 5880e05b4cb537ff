using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.AppStore.Tests.Infrastructure;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Tests.Assessment;

/// <summary>The store's scheme rules (a version a published result uses never changes, a changed scheme is a new
/// version, a bad file stores nothing), where versions are used, and batch problem moves, on SQLite and PostgreSQL.</summary>
public sealed class AssessmentStoreTests(AssessmentDataFixture data) : IClassFixture<AssessmentDataFixture>
{
    private const int Year = AssessmentDataFixture.Year;
    private static readonly AuditActor s_admin = new("admin");

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SaveSchemeAsync_VersionUsedByPublishedResult_StoredVersionUnchangedNewVersionAddedYearKept(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        Assert.True(await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year, data.Root, TestContext.Current.CancellationToken));
        var used = (await workflow.Store.ListSchemesAsync(TestContext.Current.CancellationToken)).Single();
        var json = (await workflow.Store.FindSchemeAsync(used.Id, TestContext.Current.CancellationToken))!.Json;
        var scheme = await workflow.Store.LoadSchemeAsync(used.Id, TestContext.Current.CancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();

        // The row itself cannot change, whoever tries.
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Set<StoredScheme>().ExecuteUpdateAsync(s => s.SetProperty(r => r.Json, "{}"), TestContext.Current.CancellationToken));
        // An edit is saved as a new version...
        var edited = EditFirstIndicatorPoints(scheme, +1, -1);
        var saved = await workflow.Store.SaveSchemeAsync(edited, "分值调整 / points moved", s_admin, cancellationToken: TestContext.Current.CancellationToken);
        // ...which the published year cannot switch to.
        var refused = await Assert.ThrowsAsync<AssessmentWorkflowException>(() => workflow.StartYearAsync(Year, saved.Id, s_admin, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Equal(used.Version + 1, saved.Version);
        Assert.NotEqual(used.Id, saved.Id);
        Assert.Equal(json, (await workflow.Store.FindSchemeAsync(used.Id, TestContext.Current.CancellationToken))!.Json);
        Assert.Contains("published", refused.MessageEn, StringComparison.Ordinal);
        Assert.Equal(used.Id, (await workflow.Store.FindYearAsync(Year, TestContext.Current.CancellationToken))!.SchemeRecordId);
        var usage = await workflow.Store.GetSchemeUsageAsync(TestContext.Current.CancellationToken);
        Assert.Equal([Year], usage[used.Id].PublishedYears);
        Assert.False(usage.ContainsKey(saved.Id));
        var published = await workflow.Store.GetPublishedAsync(Year, TestContext.Current.CancellationToken);
        Assert.All(published, p => Assert.Equal(used.Id, p.SchemeRecordId));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SaveSchemeAsync_UnpublishedYear_NewVersionCanBeUsed(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var first = await workflow.Store.SaveSchemeAsync(SchemeFile.Default(Year), null, s_admin, cancellationToken: TestContext.Current.CancellationToken);
        await workflow.StartYearAsync(Year, first.Id, s_admin, 7, TestContext.Current.CancellationToken);

        var second = await workflow.Store.SaveSchemeAsync(EditFirstIndicatorPoints(SchemeFile.Default(Year), +1, -1), null, s_admin, cancellationToken: TestContext.Current.CancellationToken);
        await workflow.StartYearAsync(Year, second.Id, s_admin, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, second.Version);
        Assert.Equal(second.Id, (await workflow.Store.FindYearAsync(Year, TestContext.Current.CancellationToken))!.SchemeRecordId);
        Assert.Equal([Year], (await workflow.Store.GetSchemeUsageAsync(TestContext.Current.CancellationToken))[second.Id].Years);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ImportSchemeAsync_BadPoints_NamesIndicatorAndFieldStoresNothing(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        await workflow.Store.SaveSchemeAsync(SchemeFile.Default(Year), null, s_admin, cancellationToken: TestContext.Current.CancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var (schemes, audit) = (await db.Set<StoredScheme>().CountAsync(TestContext.Current.CancellationToken), await db.Set<AuditEntry>().CountAsync(TestContext.Current.CancellationToken));
        var bad = SchemeFile.Default(Year);
        var indicator = bad.Scorecards[1].Dimensions[0].Indicators[0];
        bad = bad with { Scorecards = [.. bad.Scorecards.Select((c, i) => i != 1 ? c : c with { Dimensions = [.. c.Dimensions.Select((d, j) => j != 0 ? d : d with { Indicators = [.. d.Indicators.Select((x, k) => k != 0 ? x : x with { Points = -2 })] })] })] };
        using var file = new MemoryStream();
        SchemeFile.Write(bad, file);
        file.Position = 0;

        var e = await Assert.ThrowsAsync<SchemeValidationException>(() => workflow.Store.ImportSchemeAsync(file, "bad-scheme.json", s_admin, cancellationToken: TestContext.Current.CancellationToken));

        var problem = Assert.Single(e.Problems, p => p.Field == "points" && p.IndicatorId == indicator.Id);
        Assert.Equal("scorecards[1].dimensions[0].indicators[0]", problem.Path);
        Assert.Contains(indicator.Id, e.Message, StringComparison.Ordinal);
        Assert.Equal(schemes, await db.Set<StoredScheme>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(audit, await db.Set<AuditEntry>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ImportSchemeAsync_NotJson_NamesTheLineStoresNothing(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("{\n  \"id\": \"x\",\n  \"version\": oops\n}"));

        var e = await Assert.ThrowsAsync<SchemeValidationException>(() => workflow.Store.ImportSchemeAsync(file, "broken.json", s_admin, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("json", Assert.Single(e.Problems).Field);
        Assert.Contains("broken.json 第 3 行", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Set<StoredScheme>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ImportSchemeAsync_GoodFile_NewVersionAudited(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        await workflow.Store.SaveSchemeAsync(SchemeFile.Default(Year), null, s_admin, cancellationToken: TestContext.Current.CancellationToken);
        using var file = new MemoryStream();
        SchemeFile.Write(EditFirstIndicatorPoints(SchemeFile.Default(Year), +1, -1), file);
        file.Position = 0;

        var saved = await workflow.Store.ImportSchemeAsync(file, "edited.json", s_admin, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, saved.Version);
        Assert.Contains("edited.json", saved.Note, StringComparison.Ordinal);
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(a => a.Action == AuditActions.AssessmentScheme && a.Target == $"scheme:{saved.SchemeId} v2", TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task MoveProblemsAsync_OneMoveNotAllowed_NothingMoved(AppStoreProvider provider)
    {
        await using var store = await CreateAsync(provider);
        await using var scope = store.Scope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        await DemoAssessmentYear.WriteFinishedYearAsync(workflow, Year, data.Root, TestContext.Current.CancellationToken);
        var problems = await workflow.Store.GetProblemsAsync(Year, null, TestContext.Current.CancellationToken);
        var closed = problems.First(p => p.State == ProblemState.Closed);
        var rectified = problems.Where(p => p.State == ProblemState.Rectified).Take(3).ToList();

        // A closed problem never moves again: the whole batch is refused.
        await Assert.ThrowsAsync<AssessmentWorkflowException>(() => workflow.Store.MoveProblemsAsync(
            [.. rectified.Select(p => p.Id), closed.Id], ProblemState.Closed, "复核 / checked", s_admin, TestContext.Current.CancellationToken));
        var after = (await workflow.Store.GetProblemsAsync(Year, null, TestContext.Current.CancellationToken)).ToDictionary(p => p.Id);
        var moved = await workflow.Store.MoveProblemsAsync([.. rectified.Select(p => p.Id)], ProblemState.Closed, "复核 / checked", s_admin, TestContext.Current.CancellationToken);

        Assert.All(rectified, p => Assert.Equal(ProblemState.Rectified, after[p.Id].State));
        Assert.Equal(3, moved);
        var closedNow = (await workflow.Store.GetProblemsAsync(Year, null, TestContext.Current.CancellationToken)).Where(p => rectified.Any(r => r.Id == p.Id)).ToList();
        Assert.All(closedNow, p => Assert.Equal(ProblemState.Closed, p.State));
        Assert.All(closedNow, p => Assert.Equal("复核 / checked", p.Notes[^1].Text));
    }

    // Moves a point between the first two indicators of the first scorecard's first dimension: a valid change.
    internal static AssessmentScheme EditFirstIndicatorPoints(AssessmentScheme scheme, double first, double second)
    {
        var card = scheme.Scorecards[0];
        var dimension = card.Dimensions[0];
        var indicators = dimension.Indicators.Select((x, i) => i switch
        {
            0 => x with { Points = x.Points + first },
            1 => x with { Points = x.Points + second },
            _ => x,
        }).ToList();
        return scheme with { Scorecards = [card with { Dimensions = [dimension with { Indicators = indicators }, .. card.Dimensions.Skip(1)] }, .. scheme.Scorecards.Skip(1)] };
    }

    private Task<TestStore> CreateAsync(AppStoreProvider provider) =>
        TestStore.CreateAsync(provider, services => services.AddAssessmentWorkflow(_ => data.Service));
}
