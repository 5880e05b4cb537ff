using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

// The evaluators' files: the entry template and the field list out, the filled-in files back in. Imports go through
// the workflow, which checks every row and cell and changes nothing when a file has a problem.
public static partial class AssessmentApi
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // A filled template of 117 counties is far below this; anything larger is not one.
    internal const long MaxUploadBytes = 10 * 1024 * 1024;

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTemplateAsync(int year, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        var access = context.User.Access();
        using var stream = new MemoryStream();
        try
        {
            await workflow.WriteTemplateAsync(year, [.. access.Counties(workflow.Service)], stream, cancellationToken);
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 404, title: "没有该年度 / No such year", detail: e.Message);
        }

        return TypedResults.File(stream.ToArray(), XlsxType, $"assessment-{year}-entries.xlsx");
    }

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> ImportEntriesAsync(int year, IFormFile file, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        if (UploadProblem(file) is { } problem)
        {
            return problem;
        }

        var access = context.User.Access();
        try
        {
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await workflow.ImportEntriesAsync(year, stream, Path.GetFileName(file.FileName), access.Counties(workflow.Service),
                access.Actor(context.Connection.RemoteIpAddress?.ToString()), cancellationToken));
        }
        catch (EntryImportException e)
        {
            return ImportRefused(e);
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "流程不允许 / Refused by the workflow", detail: e.Message);
        }
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetFieldListAsync(
        int year, int code, bool? personal, AssessmentWorkflow workflow, DashboardAudit audit, HttpContext context, CancellationToken cancellationToken)
    {
        var access = context.User.Access();
        if (!access.Covers(workflow.Service, code))
        {
            return OutOfScope("code", code);
        }

        // Names, ID numbers and phones only for a user granted personal data who asks for them; masked otherwise.
        var unmasked = personal == true;
        if (unmasked && !access.Has(Capability.UnmaskPersonalData))
        {
            return TypedResults.Problem(statusCode: 403, title: "无权查看个人信息：personal / Not allowed: personal",
                detail: "您没有查看个人信息的权限，可下载脱敏名单 / you may not see personal data: download the masked list");
        }

        using var stream = new MemoryStream();
        int households;
        try
        {
            households = await workflow.WriteFieldListAsync(year, code, stream, unmasked, cancellationToken);
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 404, title: "没有核查样本 / No field-check sample", detail: e.Message);
        }

        await audit.RecordAsync(AuditActions.AssessmentField, $"{year}/{code}",
            $"field list exported ({(unmasked ? "personal data included" : "masked")})", households, cancellationToken: cancellationToken);
        return TypedResults.File(stream.ToArray(), XlsxType, $"field-{code}.xlsx");
    }

    internal static async Task<Results<Ok<int>, ProblemHttpResult>> ImportFieldResultsAsync(
        int year, int code, IFormFile file, AssessmentWorkflow workflow, HttpContext context, CancellationToken cancellationToken)
    {
        if (UploadProblem(file) is { } problem)
        {
            return problem;
        }

        var access = context.User.Access();
        if (!access.Covers(workflow.Service, code))
        {
            return OutOfScope("code", code);
        }

        try
        {
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await workflow.ImportFieldResultsAsync(year, code, stream, Path.GetFileName(file.FileName),
                access.Actor(context.Connection.RemoteIpAddress?.ToString()), cancellationToken));
        }
        catch (EntryImportException e)
        {
            return ImportRefused(e);
        }
        catch (AssessmentWorkflowException e)
        {
            return TypedResults.Problem(statusCode: 409, title: "流程不允许 / Refused by the workflow", detail: e.Message);
        }
    }

    private static ProblemHttpResult? UploadProblem(IFormFile? file) => file switch
    {
        null or { Length: 0 } => TypedResults.Problem(statusCode: 400, title: "参数错误：file / Invalid parameter: file",
            detail: "请上传一个 XLSX 文件 / upload an XLSX file"),
        { Length: > MaxUploadBytes } => TypedResults.Problem(statusCode: 400, title: "参数错误：file / Invalid parameter: file",
            detail: $"文件超过 {MaxUploadBytes / 1024 / 1024} MB / the file exceeds {MaxUploadBytes / 1024 / 1024} MB"),
        _ => null,
    };

    // Every problem with its row and column, as text and as a list a client can show in a table.
    private static ProblemHttpResult ImportRefused(EntryImportException e) =>
        TypedResults.Problem(statusCode: 400, title: "文件有误，未导入任何数据 / The file has problems; nothing was imported", detail: e.Message,
            extensions: new Dictionary<string, object?>
            {
                ["problems"] = e.Problems.Select(p => new { row = p.Row, column = p.Column, zh = p.MessageZh, en = p.MessageEn }).ToList(),
            });
}
