using System.Net;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Security;

/// <summary>
/// Every page and API endpoint × every role × a province, a prefecture and a county scope, and anonymous. Allowed: 200
/// (503 for a model endpoint without a model) and no county outside the user's scope anywhere in the body. Denied: 401
/// or 403 for the API, a redirect for a page, and no county data in the body.
/// </summary>
public sealed class AccessMatrixTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    /// <summary>An endpoint, with the capability it needs (null: any signed-in user).</summary>
    public sealed record Endpoint(string Path, string? Needs, bool IsApi)
    {
        public override string ToString() => Path;
    }

    private const string CountyPlaceholder = "{county}";

    private static readonly Endpoint[] s_endpoints =
    [
        new("/", "ReadDashboards", false),
        new("/?year=2023&kpi=monitored_share", "ReadDashboards", false),
        new("/classes", "ReadDashboards", false),
        new("/county", "ReadDashboards", false),
        new("/county/" + CountyPlaceholder, "ReadDashboards", false),
        new("/warnings", "ReadDashboards", false),
        new("/warnings?level=household&pageSize=200", "ReadDashboards", false),
        new("/sql?q=SELECT%20county_code%2C%20count(*)%20FROM%20households%20GROUP%20BY%201", "RunSql", false),
        new("/admin/users", "Administer", false),
        new("/admin/roles", "Administer", false),
        new("/admin/scopes", "Administer", false),
        new("/admin/audit", "Administer", false),
        new("/account", null, false),
        new("/assessment", "ReadDashboards", false),
        new("/assessment/class/1", "ReadDashboards", false),
        new("/assessment/class/3", "ReadDashboards", false),
        new("/assessment/county/" + CountyPlaceholder, "ReadDashboards", false),
        new("/assessment/work", "ReadDashboards", false),
        new("/assessment/problems", "ReadDashboards", false),
        new("/assessment/problems/" + CountyPlaceholder, "ReadDashboards", false),
        new("/assessment/field", "EnterAssessment", false),
        new("/assessment/schemes", "Administer", false),
        new("/api/kpis", "ReadDashboards", true),
        new("/api/kpis?class=3", "ReadDashboards", true),
        new("/api/kpis/rural_income/counties", "ReadDashboards", true),
        new("/api/classes", "ReadDashboards", true),
        new("/api/counties/" + CountyPlaceholder, "ReadDashboards", true),
        new("/api/warnings", "ReadDashboards", true),
        new("/api/warnings?level=household&pageSize=1000", "ReadDashboards", true),
        new("/api/warnings.csv", "Export", true),
        new("/api/sql?q=SELECT%20county_code%2C%20count(*)%20FROM%20household_years%20GROUP%20BY%201", "RunSql", true),
        new("/api/sql.csv?q=SELECT%20*%20FROM%20counties", "Export", true),
        new("/api/models", "ReadDashboards", true),
        new("/api/forecasts", "ReadDashboards", true),
        new("/api/risk/counties", "ReadDashboards", true),
        new("/api/risk/households", "ReadDashboards", true),
        new("/api/admin/audit.csv", "Administer", true),
        new("/api/assessment/2024/published", "ReadDashboards", true),
        new("/api/assessment/2024/counties/" + CountyPlaceholder + "/report.pdf", "ReadDashboards", true),
        new("/api/assessment/2024/scores.xlsx", "ReadDashboards", true),
        new("/api/assessment/2024/template.xlsx", "EnterAssessment", true),
        new("/api/assessment/2024/counties/" + CountyPlaceholder + "/field-list.xlsx", "EnterAssessment", true),
        new("/api/assessment/schemes/1/scheme.json", "Administer", true),
    ];

    private static readonly TestUser?[] s_users =
    [
        null, TestUsers.Leader, TestUsers.Analyst, TestUsers.Evaluator, TestUsers.Admin,
        TestUsers.PrefectureLeader, TestUsers.PrefectureAnalyst, TestUsers.CountyEvaluator, TestUsers.CountyAnalyst,
    ];

    public static TheoryData<Endpoint, string> Cases()
    {
        var data = new TheoryData<Endpoint, string>();
        foreach (var endpoint in s_endpoints)
        {
            foreach (var user in s_users)
            {
                data.Add(endpoint, user?.UserName ?? "anonymous");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_EveryRoleAndScope_AllowedShowsOnlyTheScopeDeniedShowsNothing(Endpoint endpoint, string userName)
    {
        // The post-assessment pages and APIs read the demo year of the export's latest year.
        factory.EnsureAssessmentYear();
        var user = s_users.SingleOrDefault(u => u?.UserName == userName);
        var scope = DataScope.Parse(user?.Scope ?? "province");
        var path = endpoint.Path.Replace(CountyPlaceholder, InScopeCounty(scope).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var client = user is null ? factory.CreateAnonymousClient() : factory.CreateClientFor(user);

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var allowed = user is not null && (endpoint.Needs is null || Grants(user, endpoint.Needs));
        if (allowed)
        {
            Assert.True(
                response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.ServiceUnavailable && path.Contains("/api/", StringComparison.Ordinal)),
                $"{path} as {userName}: {(int)response.StatusCode}");
            Assert.Empty(ScopeCheck.OutsideCodes(body, scope));
            return;
        }

        if (endpoint.IsApi)
        {
            Assert.Equal(user is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.StartsWith(user is null ? "http://localhost/signin?returnUrl=" : "http://localhost/denied?returnUrl=", location, StringComparison.Ordinal);
        }

        Assert.Empty(ScopeCheck.Codes(body));
    }

    private static bool Grants(TestUser user, string capability) => capability switch
    {
        "ReadDashboards" => user.Roles.Any(r => r is "leader" or "analyst" or "evaluator"),
        "RunSql" or "Export" => user.Roles.Contains("analyst"),
        "Administer" => user.Roles.Contains("admin"),
        "EnterAssessment" => user.Roles.Contains("evaluator"),
        _ => false,
    };

    private static int InScopeCounty(DataScope scope) => scope.Kind switch
    {
        DataScopeKind.Counties => scope.CountyCodes[0],
        DataScopeKind.Prefecture => 140105,
        _ => 140928,
    };
}
