using System.Globalization;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>How KPI figures read on the pages: the KPI's decimals, thousands separators, "—" for no value, signed
/// changes (percentage points for % KPIs), unit and status in the current language.</summary>
internal static class KpiFormat
{
    public static string Name(KpiDefinition kpi) => UiLanguage.IsEnglish ? kpi.NameEn : kpi.NameZh;

    public static string Unit(KpiDefinition kpi) => UiLanguage.IsEnglish ? kpi.Unit : kpi.UnitZh;

    public static bool IsPercent(KpiDefinition kpi) => kpi.Unit == "%";

    public static string Value(KpiDefinition kpi, double? value) =>
        value is null || double.IsNaN(value.Value) ? "—" : value.Value.ToString("N" + kpi.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string ValueWithUnit(KpiDefinition kpi, double? value) =>
        value is null ? "—" : IsPercent(kpi) ? Value(kpi, value) + "%" : $"{Value(kpi, value)} {Unit(kpi)}";

    public static string Change(KpiDefinition kpi, double? change)
    {
        if (change is null || double.IsNaN(change.Value))
        {
            return "—";
        }

        var sign = change.Value > 0 ? "+" : change.Value < 0 ? "−" : "±";
        var magnitude = Math.Abs(change.Value).ToString("N" + kpi.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return IsPercent(kpi) ? $"{sign}{magnitude} {(UiLanguage.IsEnglish ? "pp" : "个百分点")}" : sign + magnitude;
    }

    public static string StatusClass(KpiStatus status) => "status-" + status.ToString().ToLowerInvariant();

    public static string StatusLabel(KpiStatus status) => status switch
    {
        KpiStatus.Green => UiLanguage.IsEnglish ? "on target" : "达标",
        KpiStatus.Amber => UiLanguage.IsEnglish ? "warning" : "预警",
        KpiStatus.Red => UiLanguage.IsEnglish ? "off target" : "未达标",
        _ => UiLanguage.IsEnglish ? "no target" : "无目标",
    };

    public static string Thresholds(KpiDefinition kpi, KpiThresholds? thresholds) =>
        thresholds is null
            ? "—"
            : UiLanguage.IsEnglish
                ? $"target {(kpi.Direction == KpiDirection.HigherIsBetter ? "≥" : "≤")} {Value(kpi, thresholds.Target)}, warning {Value(kpi, thresholds.Warning)}"
                : $"目标 {(kpi.Direction == KpiDirection.HigherIsBetter ? "≥" : "≤")} {Value(kpi, thresholds.Target)}，预警 {Value(kpi, thresholds.Warning)}";

    public static string ClassName(int countyClass) =>
        CodeLabels.CountyClass.TryGetValue(countyClass, out var label) ? (UiLanguage.IsEnglish ? label.En : label.Zh) : countyClass.ToString(CultureInfo.InvariantCulture);

    public static string Label(string zh, string en) => UiLanguage.IsEnglish ? en : zh;

    public static string Count(double? value) =>
        value is null ? "—" : value.Value.ToString("N0", CultureInfo.InvariantCulture);
}
