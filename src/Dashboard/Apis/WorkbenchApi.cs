using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/workbench/export?format=csv|xlsx|parquet&amp;ticket=…</c> (the page: the statement stays on the
/// server, <see cref="WorkbenchExportTickets"/>) or <c>…&amp;q=&amp;name=&amp;p.county=…</c> (scripts, statements that fit
/// in a URL): a workbench statement's whole result (at most <see cref="WorkbenchExport.RowCap"/> rows) as a file named
/// after the query and the data version, in the read-only sandbox of the user's scope; <c>p.name</c> values are bound to
/// the statement's <c>$name</c> parameters. Every export is audited, refused ones too. A refused or failed query is a 400
/// naming <c>q</c>; an unknown, expired or another user's ticket a 404 naming <c>ticket</c>.</summary>
public static class WorkbenchApi
{
    /// <summary>Maps the workbench's endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapWorkbenchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/workbench")
            .RequireAuthorization(Policies.RunSql)
            .MapGet("/export", GetExport)
            .RequireAuthorization(Policies.Export)
            .WithName("WorkbenchExport")
            .WithSummary("Exports a workbench query's whole result as CSV, XLSX or Parquet");
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetExport(HttpContext context, WorkbenchExport export, WorkbenchExportTickets tickets,
        DashboardAudit audit, string? q, string? format, string? name, string? ticket)
    {
        var user = new WorkbenchUser(UserAccess.From(context.User)?.UserName ?? "anonymous", context.User.Scope());
        if (!Enum.TryParse<WorkbenchExportFormat>(format, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(format, out _))
        {
            return ApiProblems.BadParameter("format", $"format 应为 csv、xlsx 或 parquet，收到 \"{Shorten(format)}\"", $"format must be csv, xlsx or parquet, got \"{Shorten(format)}\".");
        }

        var parameters = context.Request.Query
            .Where(p => p.Key.StartsWith("p.", StringComparison.Ordinal) && p.Key.Length > 2)
            .ToDictionary(p => p.Key[2..], p => p.Value.ToString(), StringComparer.Ordinal);
        if (ticket is not null)
        {
            if (tickets.Find(ticket, user) is not { } issued)
            {
                return ApiProblems.BadParameter("ticket", $"导出链接无效或已过期（有效 {WorkbenchExportTickets.Lifetime.TotalMinutes:0} 分钟），请重新运行查询后再导出",
                    $"the export link is unknown or has expired (it works for {WorkbenchExportTickets.Lifetime.TotalMinutes:0} minutes); run the query again, then export.",
                    StatusCodes.Status404NotFound);
            }

            (q, name, parameters) = (issued.Sql, issued.QueryName, new Dictionary<string, string>(issued.Parameters, StringComparer.Ordinal));
        }

        if (string.IsNullOrWhiteSpace(q))
        {
            return ApiProblems.BadParameter("q", "缺少查询语句", "the query is missing.");
        }

        if (q.Length > SqlQueryService.MaxQueryLength)
        {
            return ApiProblems.BadParameter("q", $"查询文本过长（{q.Length:N0} 个字符，最多 {SqlQueryService.MaxQueryLength:N0}）",
                $"the query text is too long ({q.Length:N0} characters, at most {SqlQueryService.MaxQueryLength:N0}).");
        }

        var target = "/api/workbench/export." + kind.ToString().ToLowerInvariant();
        // The file is written first (the query may still fail, and then the answer must be a ProblemDetails), to a temporary
        // file that is removed when closed: memory stays bounded whatever the size.
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), "revival-export-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        WorkbenchExportResult result;
        try
        {
            result = await export.WriteAsync(kind, q, parameters, user, file, context.RequestAborted);
        }
        catch (WorkbenchQueryException e)
        {
            await audit.RecordAsync(AuditActions.Export, target, q, succeeded: false);
            var error = e.Error;
            return ApiProblems.BadParameter("q", error.MessageZh + (error.Detail is null ? string.Empty : $"（{error.Detail}）"),
                error.MessageEn + (error.Detail is null ? "." : $" ({error.Detail})."));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            await audit.RecordAsync(AuditActions.Export, target, q, succeeded: false);
            return TypedResults.Empty;
        }

        await audit.RecordAsync(AuditActions.Export, target, q, result.Rows);
        file.Position = 0;
        context.Response.ContentType = kind switch
        {
            WorkbenchExportFormat.Csv => "text/csv; charset=utf-8",
            WorkbenchExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/vnd.apache.parquet",
        };
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(WorkbenchExport.FileName(name, result.DataVersion, kind));
        context.Response.Headers.ContentDisposition = disposition.ToString();
        context.Response.Headers["X-Row-Count"] = result.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["X-Row-Cap-Reached"] = result.Capped ? "true" : "false";
        context.Response.ContentLength = file.Length;
        await file.CopyToAsync(context.Response.Body, context.RequestAborted);
        return TypedResults.Empty;
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 20 ? text : text[..20] + "…";
}
