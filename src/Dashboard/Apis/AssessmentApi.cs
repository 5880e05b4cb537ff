using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>/api/assessment</c>: the published post-assessment (scores, county and province PDFs, the scores
/// workbook) for readers, and the workflow's acts for evaluators and reviewers, each on the counties of the caller's
/// scope only.</summary>
public static partial class AssessmentApi
{
    /// <summary>Maps the post-assessment endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment").RequireAuthorization(Policies.ReadDashboards);
        api.MapGet("/{year:int}/published", GetPublishedAsync).WithName("AssessmentPublished").WithSummary("已发布的县级后评估结果 / published county results");
        api.MapGet("/{year:int}/counties/{code:int}/report.pdf", GetCountyPdfAsync).WithName("AssessmentCountyPdf").WithSummary("县级报告 PDF / county report");
        api.MapGet("/{year:int}/province.pdf", GetProvincePdfAsync).WithName("AssessmentProvincePdf").WithSummary("全省报告 PDF / province report");
        api.MapGet("/{year:int}/scores.xlsx", GetScoresAsync).WithName("AssessmentScores").WithSummary("成绩表 XLSX / scores workbook");
        api.MapPost("/{year:int}/counties/{code:int}/entries", SaveEntriesAsync).RequireAuthorization(Policies.EnterAssessment)
            .WithName("AssessmentEntries").WithSummary("录入分数 / enter scores").DisableAntiforgery();
        api.MapPost("/{year:int}/counties/{code:int}/acts/{act}", ActAsync).WithName("AssessmentAct").WithSummary("流程操作 / workflow act").DisableAntiforgery();
        api.MapPost("/problems/{id:guid}/move/{to}", MoveProblemAsync).WithName("AssessmentMoveProblem")
            .WithSummary("整改状态变更 / move a problem through its rectification").DisableAntiforgery();
        api.MapGet("/{year:int}/template.xlsx", GetTemplateAsync).RequireAuthorization(Policies.EnterAssessment)
            .WithName("AssessmentTemplate").WithSummary("录入模板 XLSX / entry template");
        api.MapPost("/{year:int}/entries.xlsx", ImportEntriesAsync).RequireAuthorization(Policies.EnterAssessment)
            .WithName("AssessmentImportEntries").WithSummary("导入录入模板 / import a filled entry template").DisableAntiforgery();
        api.MapGet("/{year:int}/counties/{code:int}/field-list.xlsx", GetFieldListAsync).RequireAuthorization(Policies.EnterAssessment)
            .WithName("AssessmentFieldList").WithSummary("实地核查名单 XLSX / field list");
        api.MapPost("/{year:int}/counties/{code:int}/field-results.xlsx", ImportFieldResultsAsync).RequireAuthorization(Policies.EnterAssessment)
            .WithName("AssessmentImportFieldResults").WithSummary("导入实地核查结果 / import field results").DisableAntiforgery();
        return app;
    }

    /// <summary>One entered value for <c>POST …/entries</c>.</summary>
    /// <param name="Indicator">Indicator id.</param>
    /// <param name="Source">self, cross, third_party, field_check, covert_visit.</param>
    /// <param name="Value">The value; null removes the entry.</param>
    /// <param name="Note">Evidence or remark.</param>
    public sealed record EntryInput(string Indicator, string Source, double? Value, string? Note);

    /// <summary>A published county as the API lists it.</summary>
    /// <param name="CountyCode">County.</param>
    /// <param name="CountyName">Name.</param>
    /// <param name="CountyClass">Class 1–3.</param>
    /// <param name="Score">Final score.</param>
    /// <param name="Grade">Grade.</param>
    /// <param name="RankInClass">Rank among the class's published counties.</param>
    /// <param name="Revision">Published revision.</param>
    public sealed record PublishedRow(int CountyCode, string CountyName, int CountyClass, double Score, AssessmentGrade Grade, int RankInClass, int Revision);

    internal static async Task<Results<Ok<IReadOnlyList<PublishedRow>>, NotFound>> GetPublishedAsync(int year, AssessmentWorkflow workflow, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var published = await workflow.GetPublishedAsync(year, cancellationToken);
        if (published is null)
        {
            return TypedResults.NotFound();
        }

        var access = user.Access();
        IReadOnlyList<PublishedRow> rows = published.Result.Counties.Where(c => access.Covers(workflow.Service, c.CountyCode))
            .Select(c => new PublishedRow(c.CountyCode, c.CountyName, c.CountyClass, c.Score, c.Grade, c.RankInClass, published.Revisions[c.CountyCode].Revision))
            .ToList();
        return TypedResults.Ok(rows);
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> GetCountyPdfAsync(int year, int code, AssessmentWorkflow workflow, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.Access().Covers(workflow.Service, code))
        {
            return OutOfScope("code", code);
        }

        var published = await workflow.GetPublishedAsync(year, cancellationToken);
        if (published?.Result.County(code) is null)
        {
            return TypedResults.NotFound();
        }

        var problems = await workflow.Store.GetProblemsAsync(year, [code], cancellationToken);
        using var stream = new MemoryStream();
        AssessmentReports.WriteCountyPdf(published.Result, code, [.. problems], stream);
        return TypedResults.File(stream.ToArray(), "application/pdf", $"assessment-{year}-{code}.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> GetProvincePdfAsync(int year, AssessmentWorkflow workflow, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // The province report ranks every county: it is for province-wide users only.
        if (!user.Access().Scope.IsProvince)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "超出数据范围 / Outside your data scope",
                detail: "全省报告仅向全省范围的用户提供 / the province report is for province-wide users only");
        }

        var published = await workflow.GetPublishedAsync(year, cancellationToken);
        if (published is null)
        {
            return TypedResults.NotFound();
        }

        var problems = await workflow.Store.GetProblemsAsync(year, null, cancellationToken);
        using var stream = new MemoryStream();
        AssessmentReports.WriteProvincePdf(published.Result, [.. problems], stream);
        return TypedResults.File(stream.ToArray(), "application/pdf", $"assessment-{year}-province.pdf");
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetScoresAsync(int year, AssessmentWorkflow workflow, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var published = await workflow.GetPublishedAsync(year, cancellationToken);
        if (published is null)
        {
            return TypedResults.NotFound();
        }

        var access = user.Access();
        var scoped = published.Result with { Counties = [.. published.Result.Counties.Where(c => access.Covers(workflow.Service, c.CountyCode))] };
        using var stream = new MemoryStream();
        AssessmentReports.WriteScoresWorkbook(scoped, stream);
        return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"assessment-{year}-scores.xlsx");
    }

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> SaveEntriesAsync(
        int year, int code, IReadOnlyList<EntryInput> entries, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        var access = context.User.Access();
        if (!access.Covers(workflow.Service, code))
        {
            return OutOfScope("code", code);
        }

        var edits = new List<EntryEdit>();
        foreach (var (e, i) in entries.Select((e, i) => (e, i)))
        {
            if (Enum.GetValues<EntrySource>().Where(s => AssessmentLabels.Id(s) == e.Source).Cast<EntrySource?>().FirstOrDefault() is not { } source)
            {
                return TypedResults.Problem(statusCode: 400, title: $"参数错误：entries[{i}].source / Invalid parameter: entries[{i}].source",
                    detail: $"未知的来源“{e.Source}” / unknown source '{e.Source}'");
            }

            edits.Add(new EntryEdit(code, e.Indicator, source, e.Value, e.Note));
        }

        try
        {
            return TypedResults.Ok(await workflow.SaveEntriesAsync(year, edits, "api", access.Actor(context.Connection.RemoteIpAddress?.ToString()), cancellationToken));
        }
        catch (EntryImportException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "录入有误 / Invalid entries", detail: e.Message);
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "流程不允许 / Refused by the workflow", detail: e.Message);
        }
    }

    internal static async Task<Results<Ok<string>, ProblemHttpResult>> ActAsync(
        int year, int code, string act, string? note, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        var access = context.User.Access();
        var publish = act == "publish";
        WorkflowAct parsed = default;
        if (!publish && !Enum.TryParse(act, ignoreCase: true, out parsed))
        {
            return TypedResults.Problem(statusCode: 400, title: "参数错误：act / Invalid parameter: act",
                detail: $"未知的操作“{act}”（SubmitSelfAssessment、SubmitScores、Review、SendBack、OpenCorrection、publish）/ unknown act '{act}'");
        }

        if (!access.Has(publish ? Capability.ReviewAssessment : AssessmentAccess.Needs(parsed)))
        {
            return TypedResults.Problem(statusCode: 403, title: "无权操作 / Not allowed", detail: $"您的角色不能执行“{act}” / your roles do not allow '{act}'");
        }

        if (!access.Covers(workflow.Service, code))
        {
            return OutOfScope("code", code);
        }

        var actor = access.Actor(context.Connection.RemoteIpAddress?.ToString());
        try
        {
            if (publish)
            {
                var revisions = await workflow.PublishAsync(year, [code], actor, cancellationToken: cancellationToken);
                return TypedResults.Ok(WorkflowLabels.Id(WorkflowState.Published) + " r" + revisions[0].Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var row = await workflow.MoveAsync(year, code, parsed, note, actor, cancellationToken);
            return TypedResults.Ok(WorkflowLabels.Id(row.State));
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "流程不允许 / Refused by the workflow", detail: e.Message);
        }
    }

    private static ProblemHttpResult OutOfScope(string parameter, int code) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"超出数据范围：{parameter} / Outside your data scope: {parameter}",
            detail: $"县 {code} 不在您的数据范围内 / county {code} is outside your data scope",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
