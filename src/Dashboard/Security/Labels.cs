using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>The roles' names in both languages.</summary>
internal static class RoleLabels
{
    private static readonly Dictionary<string, LocalizedText> s_labels = new(StringComparer.Ordinal)
    {
        [AppRoles.Leader] = new("领导", "Leader"),
        [AppRoles.Analyst] = new("分析员", "Analyst"),
        [AppRoles.Evaluator] = new("评估员", "Evaluator"),
        [AppRoles.Admin] = new("管理员", "Administrator"),
    };

    public static LocalizedText Of(string role) => s_labels.TryGetValue(role, out var label) ? label : new LocalizedText(role, role);
}

/// <summary>A data scope in words: 全省 / 太原市 / 小店区、迎泽区.</summary>
internal static class ScopeLabels
{
    public static string Describe(DataScope scope, KpiService kpis, bool english = false)
    {
        english = english || UiLanguage.IsEnglish;
        return scope.Kind switch
        {
            DataScopeKind.Province => english ? "Whole province" : "全省",
            DataScopeKind.Prefecture => kpis.Counties.Values.FirstOrDefault(c => c.PrefectureCode == scope.PrefectureCode)?.PrefectureName
                ?? scope.PrefectureCode!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Join(english ? ", " : "、", scope.CountyCodes.Select(code => kpis.Counties.TryGetValue(code, out var county) ? county.Name : code.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        };
    }
}
