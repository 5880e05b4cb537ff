using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

// The evaluators' files (entry template, field list, field results) and rectification moves, through the API.
public sealed partial class AssessmentApiTests
{
    private const int OpenYear = DashboardFactoryBase.OpenYear;

    // Template columns: K 自评 / Self, B 县代码 / County code.
    private const int SelfColumn = 10;
    private const int CountyColumn = 1;

    public static TheoryData<string, int?, string> BadTemplates() => new()
    {
        // case, the row named (null: the header row), the column letter named
        { "wrong header", 1, "K" },
        { "text in a number cell", 2, "K" },
        { "unknown county", 2, "B" },
        { "out of range", 2, "K" },
    };

    [Theory]
    [MemberData(nameof(BadTemplates))]
    public async Task ImportEntries_BadFile_RowAndColumnNamedNothingChanged(string bad, int? row, string column)
    {
        factory.EnsureOpenYear();
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var template = await client.GetByteArrayAsync($"/api/assessment/{OpenYear}/template.xlsx", TestContext.Current.CancellationToken);
        var columns = EntryWorkbook.Columns.ToList();
        var rows = XlsxFiles.Rows(template, EntryWorkbook.SheetName, columns.Count);
        // The template's first row that takes a self-assessment score, moved to be row 2.
        var first = rows.FindIndex(r => Xlsx.Text(r[SelfColumn]) != "—");
        (rows[0], rows[first]) = (rows[first], rows[0]);
        switch (bad)
        {
            case "wrong header":
                columns[SelfColumn] = new XlsxColumn("自评分数 / Self score", 10);
                break;
            case "text in a number cell":
                rows[0][SelfColumn] = "优秀";
                break;
            case "unknown county":
                rows[0][CountyColumn] = 149999;
                break;
            default:
                rows[0][SelfColumn] = 999;
                break;
        }

        var before = await EntriesAsync(OpenYear);
        using var response = await client.PostAsync($"/api/assessment/{OpenYear}/entries.xlsx",
            XlsxFiles.Form(XlsxFiles.Write(EntryWorkbook.SheetName, columns, rows), "entries.xlsx"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = await ImportProblemsAsync(response);
        Assert.Contains(problems, p => p.Row == row && (p.Column == column || p.Column.StartsWith(column + " ", StringComparison.Ordinal)));
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.Zh) || string.IsNullOrEmpty(p.En)));
        Assert.Equal(before, await EntriesAsync(OpenYear));
    }

    [Fact]
    public async Task ImportEntries_FilledTemplate_EntriesAttributedToUserAndFile()
    {
        factory.EnsureOpenYear();
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var template = await client.GetByteArrayAsync($"/api/assessment/{OpenYear}/template.xlsx", TestContext.Current.CancellationToken);
        var rows = XlsxFiles.Rows(template, EntryWorkbook.SheetName, EntryWorkbook.Columns.Count);
        Assert.All(rows, r => Assert.Equal(Wuzhai, (int)Xlsx.Number(r[CountyColumn])!.Value));
        var filled = 0;
        foreach (var r in rows.Where(r => Xlsx.Text(r[SelfColumn]) != "—"))
        {
            // Column I holds the points of a scored item: half of them is in range; a flag takes 0.
            r[SelfColumn] = Xlsx.Number(r[8]) is { } points ? points / 2 : 0;
            filled++;
        }

        using var response = await client.PostAsync($"/api/assessment/{OpenYear}/entries.xlsx",
            XlsxFiles.Form(XlsxFiles.Write(EntryWorkbook.SheetName, EntryWorkbook.Columns, rows), "wuzhai-self.xlsx"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(filled > 0);
        Assert.Equal(filled, int.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        using var scope = factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<AppStore.AppStoreDbContext>();
        var saved = await store.Set<StoredEntry>().Where(e => e.Year == OpenYear && e.CountyCode == Wuzhai && e.Source == EntrySource.Self).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(filled, saved.Count);
        Assert.All(saved, e => Assert.Equal(("wuzhai-evaluator", "wuzhai-self.xlsx"), (e.EnteredBy, e.Origin)));
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        Assert.True(await audit.Entries.AnyAsync(a => a.Action == AuditActions.AssessmentEntry && a.Actor == "wuzhai-evaluator" && a.Detail!.Contains("wuzhai-self.xlsx"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ImportEntries_CountyOutsideScope_RefusedNothingChanged()
    {
        factory.EnsureOpenYear();
        using var province = factory.CreateClientFor(TestUsers.Evaluator);
        var template = await province.GetByteArrayAsync($"/api/assessment/{OpenYear}/template.xlsx", TestContext.Current.CancellationToken);
        var rows = XlsxFiles.Rows(template, EntryWorkbook.SheetName, EntryWorkbook.Columns.Count);
        var other = rows.Select((r, i) => (r, i)).First(x => (int)Xlsx.Number(x.r[CountyColumn])!.Value != Wuzhai && Xlsx.Text(x.r[SelfColumn]) != "—");
        other.r[SelfColumn] = 0;
        using var county = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var before = await EntriesAsync(OpenYear);

        using var response = await county.PostAsync($"/api/assessment/{OpenYear}/entries.xlsx",
            XlsxFiles.Form(XlsxFiles.Write(EntryWorkbook.SheetName, EntryWorkbook.Columns, rows), "all.xlsx"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await ImportProblemsAsync(response), p => p.Row == other.i + 2 && p.Column.StartsWith("B ", StringComparison.Ordinal));
        Assert.Equal(before, await EntriesAsync(OpenYear));
    }

    [Fact]
    public async Task Template_Leader_ForbiddenByPolicy()
    {
        factory.EnsureOpenYear();
        using var client = factory.CreateClientFor(TestUsers.Leader);

        using var response = await client.GetAsync($"/api/assessment/{OpenYear}/template.xlsx", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task FieldList_PersonalDataWithoutPermission_ForbiddenMaskedListAudited()
    {
        await EnsureSampleAsync();
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);

        using var personal = await client.GetAsync($"/api/assessment/{OpenYear}/counties/{Wuzhai}/field-list.xlsx?personal=true", TestContext.Current.CancellationToken);
        var masked = await client.GetByteArrayAsync($"/api/assessment/{OpenYear}/counties/{Wuzhai}/field-list.xlsx", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, personal.StatusCode);
        var rows = XlsxFiles.Rows(masked, FieldListWorkbook.SheetName, FieldListWorkbook.Columns.Count);
        Assert.NotEmpty(rows);
        // G 户主姓名 and H 身份证号 masked inside the query.
        Assert.All(rows, r => Assert.Contains("*", Xlsx.Text(r[6]), StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("********", Xlsx.Text(r[7]), StringComparison.Ordinal));
        using var scope = factory.Services.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var entry = await audit.Entries.FirstAsync(a => a.Action == AuditActions.AssessmentField && a.Target == $"{OpenYear}/{Wuzhai}" && a.Detail!.StartsWith("field list exported"), TestContext.Current.CancellationToken);
        Assert.Equal(("wuzhai-evaluator", "field list exported (masked)", (long?)rows.Count), (entry.Actor, entry.Detail, entry.RowCount));
    }

    [Fact]
    public async Task FieldList_CountyOutsideScope_Forbidden()
    {
        factory.EnsureAssessmentYear();
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);

        using var response = await client.GetAsync($"/api/assessment/{Year}/counties/140105/field-list.xlsx", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ImportFieldResults_AnswerNotYesOrNo_RowAndColumnNamedNothingChanged()
    {
        await EnsureSampleAsync();
        using var client = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var list = await client.GetByteArrayAsync($"/api/assessment/{OpenYear}/counties/{Wuzhai}/field-list.xlsx", TestContext.Current.CancellationToken);
        var rows = XlsxFiles.Rows(list, FieldListWorkbook.SheetName, FieldListWorkbook.Columns.Count);
        XlsxFiles.AnswerFieldList(rows);
        rows[2][13] = "也许";
        var before = await FieldResultsAsync();

        using var response = await client.PostAsync($"/api/assessment/{OpenYear}/counties/{Wuzhai}/field-results.xlsx",
            XlsxFiles.Form(XlsxFiles.Write(FieldListWorkbook.SheetName, FieldListWorkbook.Columns, rows), "field.xlsx"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single(await ImportProblemsAsync(response));
        Assert.Equal((4, "N 是否认可 / approves"), (problem.Row, problem.Column));
        Assert.Equal(before, await FieldResultsAsync());
    }

    [Fact]
    public async Task Problem_EvaluatorRectifiesLeaderCloses_EachOnlyTheirMove()
    {
        factory.EnsureAssessmentYear();
        Guid id;
        int notes;
        using (var scope = factory.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<AssessmentStore>();
            var problem = (await store.GetProblemsAsync(Year, null, TestContext.Current.CancellationToken)).First(p => p.State == ProblemState.InProgress && p.CountyCode != Wuzhai);
            (id, notes) = (problem.Id, problem.Notes.Count);
        }

        using var evaluator = factory.CreateClientFor(TestUsers.Evaluator);
        using var leader = factory.CreateClientFor(TestUsers.Leader);
        using var county = factory.CreateClientFor(TestUsers.CountyEvaluator);
        var ct = TestContext.Current.CancellationToken;

        using var outside = await county.PostAsync($"/api/assessment/problems/{id}/move/Rectified?note=done", null, ct);
        using var leaderRectifies = await leader.PostAsync($"/api/assessment/problems/{id}/move/Rectified?note=done", null, ct);
        using var evaluatorCloses = await evaluator.PostAsync($"/api/assessment/problems/{id}/move/Closed?note=ok", null, ct);
        using var noNote = await evaluator.PostAsync($"/api/assessment/problems/{id}/move/Rectified", null, ct);
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Conflict),
            (outside.StatusCode, leaderRectifies.StatusCode, evaluatorCloses.StatusCode, noNote.StatusCode));
        Assert.Equal(ProblemState.InProgress, await ProblemStateAsync(id));

        using var rectified = await evaluator.PostAsync($"/api/assessment/problems/{id}/move/Rectified?note=%E5%B7%B2%E6%95%B4%E6%94%B9", null, ct);
        using var closed = await leader.PostAsync($"/api/assessment/problems/{id}/move/Closed?note=%E6%A0%B8%E9%AA%8C%E5%B1%9E%E5%AE%9E", null, ct);
        using var again = await leader.PostAsync($"/api/assessment/problems/{id}/move/InProgress?note=x", null, ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict), (rectified.StatusCode, closed.StatusCode, again.StatusCode));
        using var body = JsonDocument.Parse(await closed.Content.ReadAsStringAsync(ct));
        Assert.Equal(("Closed", notes + 2), (body.RootElement.GetProperty("state").GetString(), body.RootElement.GetProperty("notes").GetInt32()));
        Assert.Equal(ProblemState.Closed, await ProblemStateAsync(id));
    }

    private sealed record ImportProblem(int? Row, string Column, string Zh, string En);

    private static async Task<IReadOnlyList<ImportProblem>> ImportProblemsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. document.RootElement.GetProperty("problems").EnumerateArray().Select(p => new ImportProblem(
            p.GetProperty("row").ValueKind == JsonValueKind.Null ? null : p.GetProperty("row").GetInt32(),
            p.GetProperty("column").GetString() ?? string.Empty, p.GetProperty("zh").GetString() ?? string.Empty, p.GetProperty("en").GetString() ?? string.Empty))];
    }

    private async Task EnsureSampleAsync()
    {
        factory.EnsureOpenYear();
        using var scope = factory.Services.CreateScope();
        var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
        if (await workflow.Store.GetFieldSampleAsync(OpenYear, Wuzhai, TestContext.Current.CancellationToken) is null)
        {
            await workflow.DrawFieldSampleAsync(OpenYear, Wuzhai, new AuditActor("wuzhai-evaluator"), TestContext.Current.CancellationToken);
        }
    }

    private async Task<int> EntriesAsync(int year)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetEntriesAsync(year, null, TestContext.Current.CancellationToken)).Count;
    }

    private async Task<int> FieldResultsAsync()
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().GetFieldResultsAsync(OpenYear, Wuzhai, TestContext.Current.CancellationToken)).Count;
    }

    private async Task<ProblemState> ProblemStateAsync(Guid id)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AssessmentStore>().FindProblemAsync(id, TestContext.Current.CancellationToken))!.State;
    }
}
