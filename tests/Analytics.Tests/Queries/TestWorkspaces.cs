using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Tests.Queries;

/// <summary>The three shapes of SQL workspace over a folder, each from a context opened for the call and closed at once:
/// the lease keeps its sandbox open until the test disposes it.</summary>
internal static class TestWorkspaces
{
    public static SqlWorkspaceLease Open(string folder) => With(folder, null, sql => sql.OpenWithPersonalData());

    public static SqlWorkspaceLease OpenWithoutPersonalData(string folder, SqlLimits? limits = null, DataScope? scope = null) =>
        With(folder, limits, sql => sql.Open(scope ?? DataScope.Province));

    public static SqlWorkspaceLease OpenWithMaskedPersonalData(string folder, SqlLimits? limits = null, string? onlyTablesNamedIn = null) =>
        With(folder, limits, sql => sql.OpenMasked(onlyTablesNamedIn));

    private static SqlWorkspaceLease With(string folder, SqlLimits? limits, Func<SqlWorkspaces, SqlWorkspaceLease> open)
    {
        using var context = AnalyticsContext.Open(folder, new AnalyticsOptions { Sql = limits ?? new SqlLimits() });
        return open(context.Sql);
    }
}
