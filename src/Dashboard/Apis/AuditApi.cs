using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>GET /api/admin/audit.csv?from=&amp;to=&amp;action=&amp;actor=&amp;text=</c>: the audit log (filtered like the admin
/// page) as UTF-8 CSV with a BOM, newest first, for administrators; the export itself is recorded.</summary>
public static class AuditApi
{
    /// <summary>The most rows one download holds.</summary>
    public const int CsvRowCap = 1_000_000;

    /// <summary>Maps the audit export.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").RequireAuthorization(Policies.Administer);
        api.MapGet("/audit.csv", GetAuditCsv).WithName("AuditCsv").WithSummary("The audit log as CSV.");
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> GetAuditCsv(
        HttpContext context, AuditLog log, DashboardAudit audit, string? from, string? to, string? action, string? actor, string? text)
    {
        if (!TryDate(from, "from", out var fromDate, out var problem) || !TryDate(to, "to", out var toDate, out problem))
        {
            return problem!;
        }

        var filter = new AuditFilter(fromDate, toDate, action, actor, text);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
        long rows = 0;
        await using (var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true))
        {
            await writer.WriteLineAsync("id,at_utc,action,actor,succeeded,target,detail,row_count,scope,client_address");
            await foreach (var e in filter.Apply(log.Entries).Take(CsvRowCap).AsAsyncEnumerable().WithCancellation(context.RequestAborted))
            {
                rows++;
                await writer.WriteLineAsync(string.Join(',',
                    e.Id.ToString(CultureInfo.InvariantCulture), e.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Csv(e.Action), Csv(e.Actor),
                    e.Succeeded ? "1" : "0", Csv(e.Target), Csv(e.Detail), e.RowCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Csv(e.Scope), Csv(e.ClientAddress)));
            }
        }

        await audit.RecordAsync(AuditActions.Export, "/api/admin/audit.csv", filter.ToString(), rows);
        return TypedResults.Empty;
    }

    private static bool TryDate(string? text, string parameter, out DateOnly? date, out ProblemHttpResult? problem)
    {
        date = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        problem = ApiProblems.BadParameter(parameter, $"{parameter} 应为日期 YYYY-MM-DD，收到 \"{ApiProblems.Shorten(text)}\"", $"{parameter} must be a date YYYY-MM-DD, got \"{ApiProblems.Shorten(text)}\".");
        return false;
    }

    // Spreadsheet programs run cells starting with = + - @ as formulas: such text gets a leading apostrophe.
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>The audit log's search: a day range (UTC dates, both ends included), an action, an actor and free text (in
/// the target or detail), each optional. Applied to the store's query, so the database filters.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Action">One of <see cref="AuditActions.All"/>.</param>
/// <param name="Actor">User name (exact).</param>
/// <param name="Text">Text contained in the target or detail.</param>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, string? Action = null, string? Actor = null, string? Text = null)
{
    /// <summary>Restricts <paramref name="entries"/> to the filter.</summary>
    /// <param name="entries">The log's entries.</param>
    /// <returns>The filtered query.</returns>
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.AtUtc < end);
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            entries = entries.Where(e => e.Action == Action);
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            entries = entries.Where(e => e.Actor == Actor);
        }

        if (!string.IsNullOrWhiteSpace(Text))
        {
            entries = entries.Where(e => (e.Target != null && e.Target.Contains(Text)) || (e.Detail != null && e.Detail.Contains(Text)));
        }

        return entries;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"from={From}; to={To}; action={Action}; actor={Actor}; text={Text}");
}
