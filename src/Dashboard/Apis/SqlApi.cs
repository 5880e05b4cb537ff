using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/sql?q=&amp;page=&amp;pageSize=</c> (one page of an ad-hoc query's rows) and
/// <c>GET /api/sql.csv?q=</c> (the whole result as CSV, at most <see cref="SqlQueryService.CsvRowCap"/> rows). Queries run
/// only in the read-only sandbox without personal data; a refused or failed query is a 400 naming <c>q</c>.</summary>
public static class SqlApi
{
    /// <summary>Maps the SQL endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapSqlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.RunSql);
        api.MapGet("/sql", GetSql);
        api.MapGet("/sql.csv", GetSqlCsv).RequireAuthorization(Policies.Export);
        return app;
    }

    internal static async Task<Results<Ok<SqlResultPage>, ProblemHttpResult>> GetSql(SqlQueryService sql, ClaimsPrincipal user, DashboardAudit audit, string? q, string? page, string? pageSize)
    {
        if (Check(q, page, pageSize, out var problem) is not { } request)
        {
            return problem!;
        }

        try
        {
            var result = sql.Run(request.Query, request.Page, request.PageSize, user.Scope());
            await audit.RecordAsync(AuditActions.SqlQuery, "/api/sql", request.Query, result.Rows.Count);
            return TypedResults.Ok(result);
        }
        catch (SqlQueryException e)
        {
            await audit.RecordAsync(AuditActions.SqlQuery, "/api/sql", request.Query, succeeded: false);
            return Problem(e);
        }
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetSqlCsv(HttpContext context, SqlQueryService sql, DashboardAudit audit, string? q)
    {
        if (Check(q, null, null, out var problem) is not { } request)
        {
            return problem!;
        }

        Func<Stream, CancellationToken, Task<long>> write;
        try
        {
            // Runs the query now: once the first byte is out, an error can no longer become a ProblemDetails.
            write = sql.Csv(request.Query, context.User.Scope());
        }
        catch (SqlQueryException e)
        {
            await audit.RecordAsync(AuditActions.Export, "/api/sql.csv", request.Query, succeeded: false);
            return Problem(e);
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"query.csv\"";
        var rows = await write(context.Response.Body, context.RequestAborted);
        await audit.RecordAsync(AuditActions.Export, "/api/sql.csv", request.Query, rows);
        return TypedResults.Empty;
    }

    private static SqlRequest? Check(string? q, string? page, string? pageSize, out ProblemHttpResult? problem)
    {
        problem = null;
        var request = SqlRequest.Parse(q, page, pageSize, out var parameterProblem);
        if (request is null)
        {
            problem = ApiProblems.From(parameterProblem!);
            return null;
        }

        if (request.IsEmpty)
        {
            problem = ApiProblems.BadParameter("q", "缺少查询语句", "the query is missing.");
            return null;
        }

        return request;
    }

    private static ProblemHttpResult Problem(SqlQueryException e) =>
        ApiProblems.BadParameter("q", e.MessageZh + (e.Detail is null ? string.Empty : $"（{e.Detail}）"), e.MessageEn + (e.Detail is null ? "." : $" ({e.Detail})."));
}
