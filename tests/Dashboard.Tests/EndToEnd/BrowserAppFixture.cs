using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.EndToEnd;

/// <summary>
/// The real dashboard on Kestrel at 127.0.0.1 on a free port, and Debian's Chromium driven by
/// Playwright (its driver ships inside the NuGet package; no browser is ever downloaded).
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    private KestrelDashboardFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>
    /// TestResults/screenshots at the repository root, next to what eng/run-tests.sh collects
    /// (under the test output folder if the tests run outside a checkout).
    /// </summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(FindRepositoryRoot() ?? AppContext.BaseDirectory, "TestResults", "screenshots");

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RevivalAnalytics.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    public async ValueTask InitializeAsync()
    {
        _factory = new KestrelDashboardFactory();
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses!.Addresses.Single());

        // Render each kind of page once before the browser comes, so a cold start (JIT, first Razor
        // render) on a busy CI machine is not charged to the first test's timeouts.
        _factory.EnsureUsers();
        _factory.EnsureAssessmentYear();
        using (var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress })
        {
            (await DashboardFactoryBase.SignInAsync(http, TestUsers.Province.UserName, TestUser.Password)).EnsureSuccessStatusCode();
            foreach (var path in new[] { "/", "/?lang=en", "/classes", "/county/140922", "/warnings", CountyMapSamplePage.Path, "/lib/shanxi-counties.geojson", "/assessment" })
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
            }
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A new browser context, signed in as <paramref name="user"/> (default <see cref="TestUsers.Province"/>)
    /// through the sign-in page, or not signed in when <paramref name="signIn"/> is false.</summary>
    public async Task<IPage> NewPageAsync(bool javaScriptEnabled = true, TestUser? user = null, bool signIn = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            // A browser asking for English must still get Chinese unless the URL says ?lang=en.
            Locale = "en-US",
        });
        // Ceilings, not timing assertions: generous because CI machines share their 2 cores.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        if (signIn)
        {
            await SignInAsync(page, user ?? TestUsers.Province);
        }

        return page;
    }

    /// <summary>Signs in through the sign-in form, as a person would.</summary>
    public static async Task SignInAsync(IPage page, TestUser user, string password = TestUser.Password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=userName]", user.UserName);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("#signin-form button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>Starts the year of field work and template imports (<see cref="DashboardFactoryBase.OpenYear"/>) once.</summary>
    public int EnsureOpenYear() => (_factory ?? throw new InvalidOperationException("The fixture is not initialized.")).EnsureOpenYear();

    /// <summary>The app's services (the store, to change a user as an administrator would).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The fixture is not initialized.");

    // A full-page shot resizes the viewport and back, which fires resize events: pages that react to
    // them (the ECharts map) should be shot at the viewport size instead.
    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private sealed class KestrelDashboardFactory : DashboardFactoryBase
    {
        // The export with a trained risk model: the browser sees the model's columns and panels filled.
        protected override string DataDirectory => TestModels.Directory;

        protected override void ConfigureSettings(IWebHostBuilder builder) =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, CountyMapSamplePage>());
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "Browser";
}
