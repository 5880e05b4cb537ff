using RevivalAnalytics.AppStore.Accounts;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>An account the tests sign in as.</summary>
/// <param name="UserName">Sign-in name.</param>
/// <param name="Roles">Roles.</param>
/// <param name="Scope">Scope text.</param>
/// <param name="PersonalData">Personal-data permission.</param>
public sealed record TestUser(string UserName, string[] Roles, string Scope, bool PersonalData = false)
{
    public const string Password = "Test-Passw0rd-2024";

    public override string ToString() => UserName;
}

/// <summary>The accounts of the tests: every role, and the three kinds of scope.</summary>
public static class TestUsers
{
    /// <summary>What the existing page and API tests run as: every data role over the whole province, no personal data.</summary>
    public static TestUser Province { get; } = new("tester", [AppRoles.Leader, AppRoles.Analyst, AppRoles.Evaluator], "province");

    public static TestUser Leader { get; } = new("leader", [AppRoles.Leader], "province");

    public static TestUser Analyst { get; } = new("analyst", [AppRoles.Analyst], "province");

    public static TestUser Evaluator { get; } = new("evaluator", [AppRoles.Evaluator], "province");

    public static TestUser Admin { get; } = new("admin", [AppRoles.Admin], "province");

    /// <summary>Taiyuan (太原市) only.</summary>
    public static TestUser PrefectureAnalyst { get; } = new("taiyuan-analyst", [AppRoles.Analyst], "prefecture:140100");

    /// <summary>Taiyuan as a leader.</summary>
    public static TestUser PrefectureLeader { get; } = new("taiyuan-leader", [AppRoles.Leader], "prefecture:140100");

    /// <summary>One county of Xinzhou (忻州市 五寨县 140928) only.</summary>
    public static TestUser CountyEvaluator { get; } = new("wuzhai-evaluator", [AppRoles.Evaluator], "counties:140928");

    /// <summary>A county analyst (exports and SQL at county level).</summary>
    public static TestUser CountyAnalyst { get; } = new("wuzhai-analyst", [AppRoles.Analyst], "counties:140928");

    /// <summary>A province analyst who may unmask personal data.</summary>
    public static TestUser PersonalDataAnalyst { get; } = new("pd-analyst", [AppRoles.Analyst], "province", PersonalData: true);

    public static IReadOnlyList<TestUser> All { get; } =
        [Province, Leader, Analyst, Evaluator, Admin, PrefectureAnalyst, PrefectureLeader, CountyEvaluator, CountyAnalyst, PersonalDataAnalyst];
}
