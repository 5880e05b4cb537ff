using Microsoft.Playwright;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>Chromium: each kind of demo user signs in through the form and walks the pages its roles open; an
/// administrator changes a user's scope in the admin grid's dialog and that user's next page shows the new scope.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthEndToEndTests(BrowserAppFixture app)
{
    public static TheoryData<string> DemoUsers => new()
    {
        TestUsers.Admin.UserName, TestUsers.Leader.UserName, TestUsers.Analyst.UserName, TestUsers.Evaluator.UserName,
        TestUsers.PrefectureAnalyst.UserName, TestUsers.CountyEvaluator.UserName,
    };

    [Fact]
    public async Task FirstPage_NotSignedIn_IsTheSignInForm()
    {
        var page = await app.NewPageAsync(signIn: false);

        await page.GotoAsync("/");

        Assert.Contains("/signin?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        Assert.Equal("登录", await page.Locator("h1").TextContentAsync());
        await BrowserAppFixture.ScreenshotAsync(page, "signin");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(DemoUsers))]
    public async Task SignIn_DemoUser_WalksEveryPageItsNavigationOffers(string userName)
    {
        var user = TestUsers.All.Single(u => u.UserName == userName);
        var page = await app.NewPageAsync(user: user);
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{page.Url}: {message.Text} ({message.Location})");
            }
        };

        var links = await page.Locator("nav.shell-nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        foreach (var href in links)
        {
            var response = await page.GotoAsync(href);
            Assert.Equal(200, response?.Status);
            await page.Locator("h1").First.WaitForAsync();
            if (href.StartsWith("/admin/", StringComparison.Ordinal))
            {
                // The grid is filled through the circuit.
                await page.Locator(".rz-data-grid .rz-data-row, .rz-data-grid .rz-datatable-emptymessage").First.WaitForAsync();
            }

            await BrowserAppFixture.ScreenshotAsync(page, $"walk-{userName}-{href.Trim('/').Replace('/', '-')}".TrimEnd('-'));
        }

        var expected = user.Roles.Contains("admin")
            ? new[] { "/admin/users", "/admin/roles", "/admin/audit", "/assessment/schemes" }
            : user.Roles.Contains("analyst") ? ["/", "/classes", "/county", "/warnings", "/assessment", "/sql"] : ["/", "/classes", "/county", "/warnings", "/assessment"];
        Assert.Equal(expected, links);
        Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_ChangesUsersScopeInTheGrid_UsersNextPageShowsIt()
    {
        var target = TestUsers.CountyAnalyst;
        var userPage = await app.NewPageAsync(user: target);
        await userPage.GotoAsync("/county");
        Assert.Equal(1, await userPage.Locator(".county-index a[href^='/county/']").CountAsync());

        var admin = await app.NewPageAsync(user: TestUsers.Admin);
        await admin.GotoAsync("/admin/users");
        await admin.Locator($"[data-edit='{target.UserName}']").ClickAsync();
        var scope = admin.Locator(".user-dialog input[name=scope]");
        await scope.FillAsync("prefecture:140900");
        await admin.Locator("#dialog-save").ClickAsync();
        await admin.Locator("[data-message]").WaitForAsync();
        Assert.Contains(target.UserName, await admin.Locator("[data-message]").TextContentAsync(), StringComparison.Ordinal);
        await admin.Locator($"span[data-scope='prefecture:140900']").First.WaitForAsync();
        await BrowserAppFixture.ScreenshotAsync(admin, "admin-users-scope-changed");

        await userPage.GotoAsync("/county");
        var counties = await userPage.Locator(".county-index a[href^='/county/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        await BrowserAppFixture.ScreenshotAsync(userPage, "scope-changed-user-counties");

        Assert.True(counties.Length > 1, string.Join(",", counties));
        Assert.All(counties, href => Assert.StartsWith("/county/1409", href, StringComparison.Ordinal));
        Assert.Contains("忻州市", await userPage.Locator(".user-bar").TextContentAsync(), StringComparison.Ordinal);
        await admin.Context.CloseAsync();
        await userPage.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_Admin_SearchesByUserAndLists()
    {
        var admin = await app.NewPageAsync(user: TestUsers.Admin);

        await admin.GotoAsync("/admin/audit");
        await admin.Locator("#audit-grid .rz-data-row").First.WaitForAsync();

        await admin.Locator("#audit-filter input[name=actor]").FillAsync(TestUsers.Admin.UserName);
        await admin.Locator("#audit-search").ClickAsync();
        await admin.WaitForFunctionAsync(
            "name => [...document.querySelectorAll('#audit-grid .rz-data-row')].length > 0 && [...document.querySelectorAll('#audit-grid .rz-data-row')].every(r => r.textContent.includes(name))",
            TestUsers.Admin.UserName);
        await BrowserAppFixture.ScreenshotAsync(admin, "admin-audit");

        var href = await admin.Locator("#audit-filter a.csv-link").GetAttributeAsync("href");
        Assert.Equal("/api/admin/audit.csv?actor=admin", href);
        await admin.Context.CloseAsync();
    }
}
