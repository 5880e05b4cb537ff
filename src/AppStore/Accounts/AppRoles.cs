namespace RevivalAnalytics.AppStore.Accounts;

/// <summary>The four roles. A user may hold several.</summary>
public static class AppRoles
{
    /// <summary>领导: dashboards and reports.</summary>
    public const string Leader = "leader";

    /// <summary>分析员: dashboards, the SQL workspace and exports.</summary>
    public const string Analyst = "analyst";

    /// <summary>评估员: dashboards, post-assessment entry and field sampling.</summary>
    public const string Evaluator = "evaluator";

    /// <summary>管理员: users, roles, scopes, the audit log, imports, training, assessment schemes. Grants no data
    /// access by itself.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, in the order pages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Leader, Analyst, Evaluator, Admin];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="All"/>.</summary>
    /// <param name="name">A role name.</param>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
