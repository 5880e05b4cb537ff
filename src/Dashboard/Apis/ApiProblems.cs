using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary>ProblemDetails for bad request parameters: the title says which parameter, the detail says what is wrong
/// (Chinese, then English), and the extension <c>parameter</c> names it for programs.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult BadParameter(string parameter, string messageZh, string messageEn, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(
            statusCode: status,
            title: status == StatusCodes.Status404NotFound
                ? $"未找到：{parameter} / Not found: {parameter}"
                : $"参数错误：{parameter} / Invalid parameter: {parameter}",
            detail: $"{messageZh} / {messageEn}",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    /// <summary>Maps the metric layer's exception, renaming its parameter to the one the caller used (the metric
    /// layer's <c>period</c> is the API's <c>year</c>, say).</summary>
    public static ProblemHttpResult From(MetricArgumentException exception, IReadOnlyDictionary<string, string>? renames = null, int status = StatusCodes.Status400BadRequest)
    {
        var parameter = exception.ParamName ?? "?";
        if (renames is not null && renames.TryGetValue(parameter, out var renamed))
        {
            parameter = renamed;
        }

        return BadParameter(parameter, exception.MessageZh, exception.MessageEn, status);
    }

    /// <summary>403 for a place outside the caller's data scope, naming the parameter and the code (never its data).</summary>
    public static ProblemHttpResult OutOfScope(OutOfScopeException exception) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: $"超出数据范围：{exception.ParameterName} / Outside your data scope: {exception.ParameterName}",
            detail: exception.Message,
            extensions: new Dictionary<string, object?> { ["parameter"] = exception.ParameterName });

    /// <summary>Parses an optional integer query parameter; null when absent.</summary>
    public static bool TryParseOptionalInt(string? text, string parameter, out int? value, out ProblemHttpResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = BadParameter(parameter, $"{parameter} 应为正整数，收到 \"{Shorten(text)}\"", $"{parameter} must be a positive whole number, got \"{Shorten(text)}\".");
        return false;
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public static IReadOnlyDictionary<string, string> PeriodIsYear => ParameterProblem.PeriodIsYear;

    public static ProblemHttpResult From(ParameterProblem problem) =>
        BadParameter(problem.Parameter, problem.MessageZh, problem.MessageEn, problem.Status);
}
