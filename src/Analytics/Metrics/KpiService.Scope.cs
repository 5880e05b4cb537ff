using RevivalAnalytics.Data.Scope;

namespace RevivalAnalytics.Metrics;

// A user's data scope in the metric layer: the county codes it covers become one list parameter of every KPI query
// (Evaluate's ScopeCondition), so an aggregate is always computed from in-scope rows, never filtered afterwards.
public sealed partial class KpiService
{
    /// <summary>The county codes <paramref name="scope"/> covers in the current data, ascending.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The codes (all 117 for the province).</returns>
    public IReadOnlyList<int> CountiesIn(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Covered(_store.Current(), scope);
    }

    /// <summary>The level whose thresholds judge a scope's aggregate: the province for the province, a prefecture for a
    /// prefecture or for several counties (the nearest published level), the county (with its class) for one county.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>Level and, for a county, its class.</returns>
    public (KpiLevel Level, int? CountyClass) LevelOf(DataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return ScopeLevel(_store.Current(), scope);
    }

    private static (KpiLevel Level, int? CountyClass) ScopeLevel(MetricSnapshot snapshot, DataScope scope) => scope.Kind switch
    {
        DataScopeKind.Province => (KpiLevel.Province, null),
        DataScopeKind.Counties when Covered(snapshot, scope) is [var only] => (KpiLevel.County, snapshot.Counties[only].CountyClass),
        _ => (KpiLevel.Prefecture, null),
    };

    private static int[] Covered(MetricSnapshot snapshot, DataScope scope) =>
        scope.ResolveCounties(snapshot.Counties.Values.Select(c => (c.Code, c.PrefectureCode))).ToArray();

    private static Filter ScopeFilter(MetricSnapshot snapshot, DataScope scope) =>
        scope.IsProvince ? Filter.None : Filter.None with { Counties = Covered(snapshot, scope) };

    private static bool CoversPrefecture(MetricSnapshot snapshot, DataScope scope, int prefecture) =>
        snapshot.Counties.Values.Where(c => c.PrefectureCode == prefecture).All(c => scope.Covers(c.Code, c.PrefectureCode));

    private static void EnsureCovered(DataScope scope, CountyInfo county, string parameter)
    {
        if (!scope.Covers(county.Code, county.PrefectureCode))
        {
            throw new OutOfScopeException(parameter, county.Code, scope);
        }
    }
}
