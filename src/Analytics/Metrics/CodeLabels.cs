using RevivalAnalytics.Data;

namespace RevivalAnalytics.Metrics;

/// <summary>Chinese and English labels of the contract's code lists (data-contract section 5), as
/// <see cref="DataContract.Labels"/> gives them; kept here by name for the pages and reports that show them.</summary>
public static class CodeLabels
{
    /// <summary>县域类别 (county_class).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> CountyClass { get; } = DataContract.Labels("county_class");

    /// <summary>监测对象类别 (monitored_category).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> MonitoredCategory { get; } = DataContract.Labels("monitored_category");

    /// <summary>风险类型 (risk_cause).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> RiskCause { get; } = DataContract.Labels("risk_cause");

    /// <summary>帮扶措施 (assistance).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> Assistance { get; } = DataContract.Labels("assistance");

    /// <summary>监测状态 (monitoring_status).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> MonitoringStatus { get; } = DataContract.Labels("monitoring_status");
}
