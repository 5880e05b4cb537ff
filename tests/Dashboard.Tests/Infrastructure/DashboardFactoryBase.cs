using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard in memory (TestServer) over <see cref="DataDirectory"/>, with an app store of its own (a SQLite file in
/// a temporary folder) holding <see cref="TestUsers.All"/>. Every client it makes is signed in through the real sign-in
/// form (antiforgery token, password hasher), as <see cref="TestUsers.Province"/> unless a test asks for another user or
/// an anonymous client.
/// </summary>
public abstract class DashboardFactoryBase : WebApplicationFactory<Program>
{
    private static readonly AsyncLocal<TestUser?> s_signInAs = new();
    private static readonly AsyncLocal<bool> s_anonymous = new();
    private readonly string _storeFolder = Directory.CreateTempSubdirectory("dashboard-store-").FullName;
    private readonly Lock _usersLock = new();
    private bool _usersCreated;

    protected abstract string DataDirectory { get; }

    public string StoreConnectionString => "Data Source=" + Path.Combine(_storeFolder, "app-store.db");

    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in as <paramref name="user"/>.</summary>
    public HttpClient CreateClientFor(TestUser user, bool allowAutoRedirect = false)
    {
        s_signInAs.Value = user;
        try
        {
            return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = allowAutoRedirect });
        }
        finally
        {
            s_signInAs.Value = null;
        }
    }

    /// <summary>A client that is not signed in (cookies kept).</summary>
    public HttpClient CreateAnonymousClient()
    {
        s_anonymous.Value = true;
        try
        {
            return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        }
        finally
        {
            s_anonymous.Value = false;
        }
    }

    /// <summary>Creates the test users in this factory's store (once).</summary>
    public void EnsureUsers()
    {
        lock (_usersLock)
        {
            if (_usersCreated)
            {
                return;
            }

            using var scope = Services.CreateScope();
            var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
            foreach (var user in TestUsers.All)
            {
                var result = accounts.CreateAsync(new AccountSpec(user.UserName, user.UserName, user.Roles, user.Scope, user.PersonalData), TestUser.Password, new AuditActor("test-setup")).GetAwaiter().GetResult();
                if (!result.Succeeded && !result.Errors.Any(e => e.Contains("already taken", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException(string.Join("; ", result.Errors));
                }
            }

            _usersCreated = true;
        }
    }

    /// <summary>Writes the demo assessment year of the data's latest year into this factory's store (once), after the
    /// finished year before it: what <c>revival assess demo-year --previous-year</c> writes for <c>run.sh</c>.</summary>
    /// <returns>The year.</returns>
    public int EnsureAssessmentYear()
    {
        lock (_usersLock)
        {
            using var scope = Services.CreateScope();
            var workflow = scope.ServiceProvider.GetRequiredService<RevivalAnalytics.AppStore.Assessment.AssessmentWorkflow>();
            RevivalAnalytics.AppStore.Assessment.DemoAssessmentYear.WriteFinishedYearAsync(workflow, TestExport.LatestYear - 1, DataDirectory).GetAwaiter().GetResult();
            RevivalAnalytics.AppStore.Assessment.DemoAssessmentYear.WriteAsync(workflow, TestExport.LatestYear, DataDirectory).GetAwaiter().GetResult();
            return TestExport.LatestYear;
        }
    }

    /// <summary>The year of field work and template imports: started (once) with the built-in scheme and a fixed
    /// sampling seed, every county in draft with no entries and no sample, apart from the demo year (whose samples all
    /// have results already, so none can be drawn again).</summary>
    public const int OpenYear = TestExport.LatestYear - 2;

    /// <summary>Starts <see cref="OpenYear"/> in this factory's store unless it was started.</summary>
    /// <returns>The year.</returns>
    public int EnsureOpenYear()
    {
        lock (_usersLock)
        {
            using var scope = Services.CreateScope();
            var workflow = scope.ServiceProvider.GetRequiredService<RevivalAnalytics.AppStore.Assessment.AssessmentWorkflow>();
            if (workflow.Store.FindYearAsync(OpenYear).GetAwaiter().GetResult() is null)
            {
                var admin = new AuditActor("admin");
                var scheme = workflow.Store.SaveSchemeAsync(RevivalAnalytics.Assessment.SchemeFile.Default(OpenYear), "tests", admin).GetAwaiter().GetResult();
                workflow.StartYearAsync(OpenYear, scheme.Id, admin, samplingSeed: 20_220).GetAwaiter().GetResult();
            }

            return OpenYear;
        }
    }

    /// <summary>Signs <paramref name="client"/> in through the sign-in form; returns the response of the form post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/signin");
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{path} has no antiforgery token");
    }

    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DashboardData.DataDirectoryKey, DataDirectory);
        builder.UseSetting("Revival:AppStore:ConnectionString", StoreConnectionString);
        // Many clients sign in from one test process; the rate limit has its own test.
        builder.UseSetting("Revival:Security:SignInPermitsPerMinute", "100000");
        ConfigureSettings(builder);
    }

    // The client is signed in before its first request: a separate client posts the sign-in form, and the sign-in
    // cookie it got travels in this client's default headers (a client's settings cannot change once it has sent a
    // request, and CreateClient sets some after this method).
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (s_anonymous.Value)
        {
            return;
        }

        EnsureUsers();
        var user = s_signInAs.Value ?? TestUsers.Province;
        client.DefaultRequestHeaders.Add("Cookie", SignInCookie(user));
    }

    /// <summary>Signs <paramref name="user"/> in through the form and returns the <c>Cookie</c> header value that
    /// carries the session.</summary>
    public string SignInCookie(TestUser user, string password = TestUser.Password)
    {
        var container = new CookieContainer();
        var baseAddress = new Uri("http://localhost");
        s_anonymous.Value = true;
        HttpClient signIn;
        try
        {
            signIn = CreateDefaultClient(baseAddress, new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(container));
        }
        finally
        {
            s_anonymous.Value = false;
        }

        using (signIn)
        {
            var response = SignInAsync(signIn, user.UserName, password).GetAwaiter().GetResult();
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
            {
                throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        var cookie = container.GetCookies(baseAddress)[RevivalAnalytics.Dashboard.Security.DashboardSecurity.CookieName]
            ?? throw new InvalidOperationException($"sign-in as {user} set no cookie");
        return $"{cookie.Name}={cookie.Value}";
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_storeFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finishing request; the temp folder is cleaned by the system.
            }
        }
    }
}
