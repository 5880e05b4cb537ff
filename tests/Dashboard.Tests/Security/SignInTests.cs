using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Security;

/// <summary>Sign-in and the attempts that must fail: wrong passwords, brute force, open redirects, CSRF, reuse of a
/// signed-out cookie; cookie flags and security headers; password change and the TOTP second factor.</summary>
public sealed class SignInTests : IDisposable
{
    private readonly DashboardFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => f.Value));

    private async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string user, string password, string? returnUrl = null)
    {
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/signin");
        var fields = new List<(string, string)> { ("userName", user), ("password", password), ("__RequestVerificationToken", token) };
        if (returnUrl is not null)
        {
            fields.Add(("returnUrl", returnUrl));
        }

        return await client.PostAsync("/account/signin", Form([.. fields]), TestContext.Current.CancellationToken);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action)
    {
        using var scope = _factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries.Where(e => e.Action == action).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task FirstPage_NotSignedIn_RedirectsToSignInWithReturnUrl()
    {
        using var client = _factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/signin?returnUrl=%2F", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Health_NotSignedIn_AnswersOkWithoutData()
    {
        using var client = _factory.CreateAnonymousClient();

        var health = await client.GetJsonAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("ok", health.Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SignIn_WrongPassword_BackToFormWithErrorAndFailureAudited()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateAnonymousClient();

        using var response = await PostSignInAsync(client, TestUsers.Leader.UserName, "Wrong-Passw0rd-1");

        Assert.Equal("/signin?error=invalid", response.Headers.Location!.OriginalString);
        var failures = (await AuditAsync(AuditActions.SignIn)).Where(e => !e.Succeeded).ToList();
        Assert.Contains(failures, e => e.Actor == TestUsers.Leader.UserName && e.Detail == "invalid");
        var page = await client.GetStringAsync("/signin?error=invalid", TestContext.Current.CancellationToken);
        Assert.Contains("用户名或密码不正确", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_AccountLockedEvenForTheRightOne()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateAnonymousClient();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await PostSignInAsync(client, TestUsers.Evaluator.UserName, $"Wrong-Passw0rd-{i}");
        }

        using var right = await PostSignInAsync(client, TestUsers.Evaluator.UserName, TestUser.Password);

        Assert.Equal("/signin?error=locked", right.Headers.Location!.OriginalString);
        using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains(await AuditAsync(AuditActions.SignIn), e => e.Actor == TestUsers.Evaluator.UserName && e.Detail == "locked");
    }

    [Theory]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example/phish", "/")]
    [InlineData("http:/evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/warnings?level=household", "/warnings?level=household")]
    public async Task SignIn_ReturnUrl_OnlyLocalPathsFollowed(string returnUrl, string expected)
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateAnonymousClient();

        using var response = await PostSignInAsync(client, TestUsers.Analyst.UserName, TestUser.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    public static TheoryData<string, string[]> StateChangingForms => new()
    {
        { "/account/signin", ["userName=leader", "password=" + TestUser.Password] },
        { "/account/signin/2fa", ["code=123456"] },
        { "/account/signout", [] },
        { "/account/password", ["currentPassword=" + TestUser.Password, "newPassword=Another-Passw0rd-1", "confirmPassword=Another-Passw0rd-1"] },
        { "/account/2fa/key", [] },
        { "/account/2fa/enable", ["code=123456"] },
        { "/account/2fa/disable", [] },
    };

    [Theory]
    [MemberData(nameof(StateChangingForms))]
    public async Task Post_WithoutAntiforgeryToken_RefusedAndNothingChanges(string path, string[] fields)
    {
        using var client = _factory.CreateClientFor(TestUsers.Leader);
        var form = fields.Select(f => f.Split('=', 2)).Select(p => (p[0], p[1])).ToArray();

        using var response = await client.PostAsync(path, Form(form), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // Still signed in with the old password: neither sign-out nor password change happened.
        using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var scope = _factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync(TestUsers.Leader.UserName))!, TestUser.Password));
    }

    [Fact]
    public async Task Post_TokenFromAnotherSession_Refused()
    {
        using var attacker = _factory.CreateClientFor(TestUsers.Analyst);
        var foreignToken = await DashboardFactoryBase.AntiforgeryTokenAsync(attacker, "/account");
        using var victim = _factory.CreateClientFor(TestUsers.Leader);

        using var response = await victim.PostAsync("/account/signout", Form(("__RequestVerificationToken", foreignToken)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var page = await victim.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task SignOut_OldCookieReused_RejectedForPagesAndApi()
    {
        _factory.EnsureUsers();
        var cookie = _factory.SignInCookie(TestUsers.Leader);
        using var client = _factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/kpis", TestContext.Current.CancellationToken)).StatusCode);
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/account");

        using var signOut = await client.PostAsync("/account/signout", Form(("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);
        using var replay = _factory.CreateAnonymousClient();
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        using var page = await replay.GetAsync("/", TestContext.Current.CancellationToken);
        using var api = await replay.GetAsync("/api/kpis", TestContext.Current.CancellationToken);

        Assert.Equal("/signin?signedOut=1", signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/signin", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Empty(ScopeCheck.Codes(await api.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        Assert.Contains(await AuditAsync(AuditActions.SignOut), e => e.Actor == TestUsers.Leader.UserName);
    }

    [Fact]
    public async Task SignIn_Cookie_HttpOnlySameSiteStrictAndSecureBehindTlsProxy()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateAnonymousClient();
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/signin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = Form(("userName", TestUsers.Leader.UserName), ("password", TestUser.Password), ("__RequestVerificationToken", token)),
        };
        // TestServer connects from loopback, a trusted proxy by default.
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("revival.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/")]
    [InlineData("/api/kpis")]
    public async Task Response_Any_CarriesSecurityHeaders(string path)
    {
        using var client = _factory.CreateClientFor(TestUsers.Leader);

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_NewOneWorksOldOneFailsAudited()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateClientFor(TestUsers.Evaluator);
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/account");

        using var response = await client.PostAsync("/account/password", Form(
            ("currentPassword", TestUser.Password), ("newPassword", "Brand-New-Passw0rd"), ("confirmPassword", "Brand-New-Passw0rd"), ("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);

        Assert.Equal("/account?done=password", response.Headers.Location!.OriginalString);
        using var other = _factory.CreateAnonymousClient();
        Assert.Equal("/signin?error=invalid", (await PostSignInAsync(other, TestUsers.Evaluator.UserName, TestUser.Password)).Headers.Location!.OriginalString);
        Assert.Equal("/", (await PostSignInAsync(other, TestUsers.Evaluator.UserName, "Brand-New-Passw0rd")).Headers.Location!.OriginalString);
        Assert.Contains(await AuditAsync(AuditActions.AccountChange), e => e.Actor == TestUsers.Evaluator.UserName && e.Detail == "password changed");
    }

    [Fact]
    public async Task AdminReset_UserSignsInWithTemporaryPassword_OnlyTheAccountPageUntilChanged()
    {
        _factory.EnsureUsers();
        using (var scope = _factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().ResetPasswordAsync(TestUsers.Leader.UserName, "Temporary-Passw0rd", new AuditActor("admin"), TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded);
        }

        using var client = _factory.CreateAnonymousClient();
        using var signIn = await PostSignInAsync(client, TestUsers.Leader.UserName, "Temporary-Passw0rd");
        using var page = await client.GetAsync("/", TestContext.Current.CancellationToken);
        using var api = await client.GetAsync("/api/kpis", TestContext.Current.CancellationToken);
        var account = await client.GetStringAsync("/account", TestContext.Current.CancellationToken);
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(account).QuerySelector("#password-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var change = await client.PostAsync("/account/password", Form(
            ("currentPassword", "Temporary-Passw0rd"), ("newPassword", "Chosen-Passw0rd-1"), ("confirmPassword", "Chosen-Passw0rd-1"), ("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);
        using var after = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        Assert.StartsWith("http://localhost/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("data-must-change", account, StringComparison.Ordinal);
        Assert.Equal("/account?done=password", change.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ChangePassword_WeakNewPassword_RefusedWithBilingualReason()
    {
        using var client = _factory.CreateClientFor(TestUsers.Analyst);
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/account");

        using var response = await client.PostAsync("/account/password", Form(
            ("currentPassword", TestUser.Password), ("newPassword", "short"), ("confirmPassword", "short"), ("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString, TestContext.Current.CancellationToken);

        Assert.StartsWith("/account?error=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("密码至少 10 个字符 / Passwords must be at least 10 characters.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFactor_Enabled_SignInAsksForTheAuthenticatorCode()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateClientFor(TestUsers.PersonalDataAnalyst);
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/account");
        await client.PostAsync("/account/2fa/key", Form(("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);
        var account = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/account", TestContext.Current.CancellationToken));
        var key = account.QuerySelector("[data-authenticator-key]")!.TextContent;
        Assert.StartsWith("data:image/png;base64,", account.QuerySelector("img.totp-qr")!.GetAttribute("src"), StringComparison.Ordinal);
        token = account.QuerySelector("#two-factor-enable input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var enable = await client.PostAsync("/account/2fa/enable", Form(("code", Totp.Code(key, DateTimeOffset.UtcNow)), ("__RequestVerificationToken", token)), TestContext.Current.CancellationToken);
        using var fresh = _factory.CreateAnonymousClient();
        using var first = await PostSignInAsync(fresh, TestUsers.PersonalDataAnalyst.UserName, TestUser.Password);
        var twoFactorToken = await DashboardFactoryBase.AntiforgeryTokenAsync(fresh, "/signin/2fa");
        using var wrong = await fresh.PostAsync("/account/signin/2fa", Form(("code", "000000"), ("__RequestVerificationToken", twoFactorToken)), TestContext.Current.CancellationToken);
        using var right = await fresh.PostAsync("/account/signin/2fa", Form(("code", Totp.Code(key, DateTimeOffset.UtcNow)), ("__RequestVerificationToken", twoFactorToken)), TestContext.Current.CancellationToken);

        Assert.Equal("/account?done=2fa-on#two-factor", enable.Headers.Location!.OriginalString);
        Assert.Equal("/signin/2fa", first.Headers.Location!.OriginalString);
        Assert.Equal("/signin/2fa?error=code", wrong.Headers.Location!.OriginalString);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/kpis", TestContext.Current.CancellationToken)).StatusCode);
    }
}

/// <summary>The sign-in rate limit, in a factory of its own with a low limit.</summary>
public sealed class SignInRateLimitTests : IDisposable
{
    private readonly LowLimitFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task SignIn_MoreAttemptsThanTheLimit_ThrottledBackToTheForm()
    {
        _factory.EnsureUsers();
        using var client = _factory.CreateAnonymousClient();
        var token = await DashboardFactoryBase.AntiforgeryTokenAsync(client, "/signin");
        var locations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "nobody",
                ["password"] = "whatever",
                ["__RequestVerificationToken"] = token,
            }), TestContext.Current.CancellationToken);
            locations.Add(response.Headers.Location!.OriginalString);
        }

        Assert.Equal(["/signin?error=invalid", "/signin?error=invalid", "/signin?error=invalid", "/signin?error=throttled"], locations);
    }

    private sealed class LowLimitFactory : DashboardFactoryBase
    {
        protected override string DataDirectory => TestExport.Directory;

        protected override void ConfigureSettings(IWebHostBuilder builder) =>
            builder.UseSetting("Revival:Security:SignInPermitsPerMinute", "3");
    }
}
