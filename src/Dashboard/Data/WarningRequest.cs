using System.Globalization;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>The early-warning list's URL state (shared by the page and the API): which list, period, place, flag, sort,
/// direction and page, parsed from query-string text so that a malformed value is reported by name.</summary>
/// <param name="Level"><c>county</c> or <c>household</c>.</param>
/// <param name="Query">The metric layer's query.</param>
public sealed record WarningRequest(string Level, WarningQuery Query)
{
    /// <summary>The county list.</summary>
    public const string CountyLevel = "county";

    /// <summary>The household list.</summary>
    public const string HouseholdLevel = "household";

    /// <summary>Default rows per page.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Parses the query-string values; null or empty means the default.</summary>
    /// <param name="level">List.</param>
    /// <param name="year">Period.</param>
    /// <param name="county">County code.</param>
    /// <param name="prefecture">Prefecture code.</param>
    /// <param name="flag">Household flag.</param>
    /// <param name="sort">Sort column.</param>
    /// <param name="desc"><c>true</c>/<c>false</c>.</param>
    /// <param name="page">Page from 1.</param>
    /// <param name="pageSize">Rows per page.</param>
    /// <param name="problem">What is wrong, when parsing fails.</param>
    /// <returns>The request, or null with <paramref name="problem"/> set.</returns>
    public static WarningRequest? Parse(
        string? level, string? year, string? county, string? prefecture, string? flag, string? sort, string? desc, string? page, string? pageSize,
        out ParameterProblem? problem)
    {
        problem = null;
        level = string.IsNullOrWhiteSpace(level) ? CountyLevel : level;
        if (level is not (CountyLevel or HouseholdLevel))
        {
            problem = new ParameterProblem("level", $"未知的名单 \"{Short(level)}\"（应为 county 或 household）", $"Unknown list \"{Short(level)}\": expected county or household.");
            return null;
        }

        bool? descending = null;
        if (!string.IsNullOrWhiteSpace(desc))
        {
            if (!bool.TryParse(desc, out var d))
            {
                problem = new ParameterProblem("desc", $"desc 应为 true 或 false，收到 \"{Short(desc)}\"", $"desc must be true or false, got \"{Short(desc)}\".");
                return null;
            }

            descending = d;
        }

        if (!Int("county", county, out var countyCode, ref problem)
            || !Int("prefecture", prefecture, out var prefectureCode, ref problem)
            || !Int("page", page, out var pageNumber, ref problem)
            || !Int("pageSize", pageSize, out var size, ref problem))
        {
            return null;
        }

        return new WarningRequest(level, new WarningQuery
        {
            Period = string.IsNullOrWhiteSpace(year) ? null : year,
            County = countyCode,
            Prefecture = prefectureCode,
            Flag = string.IsNullOrWhiteSpace(flag) ? null : flag,
            Sort = string.IsNullOrWhiteSpace(sort) ? null : sort,
            Descending = descending,
            Page = pageNumber ?? 1,
            PageSize = size ?? DefaultPageSize,
        });
    }

    private static bool Int(string name, string? text, out int? value, ref ParameterProblem? problem)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = new ParameterProblem(name, $"{name} 应为正整数，收到 \"{Short(text)}\"", $"{name} must be a positive whole number, got \"{Short(text)}\".");
        return false;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A request parameter the dashboard cannot accept, with the HTTP status to answer.</summary>
/// <param name="Parameter">The parameter's name as the URL spells it.</param>
/// <param name="MessageZh">What is wrong, in Chinese.</param>
/// <param name="MessageEn">What is wrong, in English.</param>
/// <param name="Status">400, or 404 for an unknown resource.</param>
public sealed record ParameterProblem(string Parameter, string MessageZh, string MessageEn, int Status = StatusCodes.Status400BadRequest)
{
    /// <summary>From the metric layer's exception; <paramref name="renames"/> maps its parameter names to the URL's.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="renames">Parameter renames, e.g. period → year.</param>
    /// <param name="status">The status to answer.</param>
    /// <returns>The problem.</returns>
    public static ParameterProblem From(MetricArgumentException exception, IReadOnlyDictionary<string, string>? renames = null, int status = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var name = exception.ParamName ?? "?";
        if (renames is not null && renames.TryGetValue(name, out var renamed))
        {
            name = renamed;
        }

        return new ParameterProblem(name, exception.MessageZh, exception.MessageEn, status);
    }

    /// <summary>A place outside the user's data scope: 403, naming the parameter and the code.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The problem.</returns>
    public static ParameterProblem From(RevivalAnalytics.Data.Scope.OutOfScopeException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = exception.Message.Split(" / ", 2);
        return new ParameterProblem(exception.ParameterName, parts[0], parts.Length > 1 ? parts[1] : parts[0], StatusCodes.Status403Forbidden);
    }

    /// <summary>The metric layer calls the period <c>period</c>; the dashboard's URLs call it <c>year</c>.</summary>
    public static IReadOnlyDictionary<string, string> PeriodIsYear { get; } = new Dictionary<string, string> { ["period"] = "year" };
}
