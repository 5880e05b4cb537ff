namespace RevivalAnalytics.Metrics;

/// <summary>
/// A query parameter the metric layer cannot accept (unknown county code, malformed period, unknown KPI id, a sort
/// column not on the list). Carries the parameter's name and the message in Chinese and English, so the HTTP API can
/// answer with a ProblemDetails (400) that names the parameter.
/// </summary>
public sealed class MetricArgumentException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="parameterName">The parameter as the caller named it (<c>period</c>, <c>county</c>, <c>kpi</c>, <c>sort</c> ...).</param>
    /// <param name="messageZh">What is wrong, in Chinese.</param>
    /// <param name="messageEn">What is wrong, in English.</param>
    public MetricArgumentException(string parameterName, string messageZh, string messageEn)
        : base($"{messageZh} / {messageEn}", parameterName)
    {
        MessageZh = messageZh;
        MessageEn = messageEn;
    }

    /// <summary>The message in Chinese.</summary>
    public string MessageZh { get; }

    /// <summary>The message in English.</summary>
    public string MessageEn { get; }

    /// <summary>The message without the parameter suffix that <see cref="ArgumentException.Message"/> appends.</summary>
    public string Detail => $"{MessageZh} / {MessageEn}";

    // User text echoed in a message is cut short, so a huge query-string value cannot flood logs or responses.
    internal static string Shorten(string? text) =>
        text is null ? "(null)" : text.Length <= 40 ? text : text[..40] + "…";
}
