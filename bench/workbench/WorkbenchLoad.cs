#:property PublishAot=false
#:property TreatWarningsAsErrors=false
#:package Microsoft.Playwright
// Load harness for the analysts' workbench (/sql), in Debian's Chromium through Playwright, on loopback, signed in:
//  1. first page of a typical county-level aggregate, warm: Ctrl+Enter until the grid's status says done, 30 runs per
//     scope (province, a prefecture), p50/p95/max;
//  2. autocomplete: keystroke until the completion list shows (typing, so CodeMirror's own debounce is in it) and
//     Ctrl+Space until it shows, 30 each, measured inside the page (performance.now, MutationObserver);
//  3. N analysts (own accounts, mixed scopes) querying at once for S seconds, each in its own browser context, a mix of
//     statements with 1–3 s of thinking between them: statements, errors, p50/p95/max, the app's RSS every 5 s;
//  4. a 1,000,000-row export as XLSX and as Parquet through /api/workbench/export (HttpClient, signed in): time, size,
//     the app's RSS before and its peak during the download (sampled every 50 ms).
// Usage: dotnet run -c Release bench/workbench/WorkbenchLoad.cs -- <baseUrl> <appPid> <seconds> <analysts> <resultsDir>
// BENCH_USERS: "user<TAB>password<TAB>scope" lines (bench/workbench/run.sh makes them), all analysts.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

var baseUrl = args.Length > 0 ? args[0].TrimEnd('/') : "http://127.0.0.1:5281";
var appPid = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
var analysts = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
var resultsDir = Path.GetFullPath(args.Length > 4 ? args[4] : "bench/results/workbench");
var only = Environment.GetEnvironmentVariable("BENCH_ONLY") ?? "latency,autocomplete,load,export";
Directory.CreateDirectory(resultsDir);
var users = File.ReadAllLines(Environment.GetEnvironmentVariable("BENCH_USERS") ?? throw new InvalidOperationException("BENCH_USERS is not set"))
    .Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => (Name: f[0], Password: f[1], Scope: f[2])).ToArray();

const string CountyAggregate = """
    SELECT y.county_code, c.county_name, count(*) AS households, avg(y.per_capita_net_income) AS income,
           count(*) FILTER (y.monitoring_status = 1) AS monitored
    FROM household_years y JOIN counties c USING (county_code)
    WHERE y.year = 2023
    GROUP BY ALL ORDER BY y.county_code
    """;
string[] mix =
[
    CountyAggregate,
    "SELECT county_code, year, monitored_w, returned_w, 100 * returned_w / NULLIF(alleviated_w, 0) AS return_rate FROM metric_county_year WHERE year >= 2021 ORDER BY county_code, year",
    "SELECT h.household_type, count(*) AS n, median(y.per_capita_net_income) AS income FROM household_years y JOIN households h USING (household_id) WHERE y.year = 2024 GROUP BY ALL",
    "SELECT county_code, primary_risk_cause, count(*) AS n FROM household_years WHERE monitoring_status = 1 GROUP BY ALL ORDER BY n DESC",
    "SELECT village_code, avg(collective_income) AS income FROM village_years GROUP BY ALL ORDER BY income DESC",
    "SELECT year, month, sum(monitored_w) AS monitored FROM metric_county_month GROUP BY ALL ORDER BY ALL",
];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
Console.WriteLine($"load average at start: {LoadAverage()}");

if (only.Contains("latency", StringComparison.Ordinal))
{
    foreach (var user in new[] { users.First(u => u.Scope == "province"), users.First(u => u.Scope.StartsWith("prefecture:", StringComparison.Ordinal)) })
    {
        var page = await OpenWorkbenchAsync(user);
        await RunAsync(page, CountyAggregate); // the scope's workspace built, DuckDB warm
        await RunAsync(page, CountyAggregate);
        var times = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var (ms, state) = await RunAsync(page, CountyAggregate + $"\n-- run {i}");
            if (state != "done")
            {
                Console.WriteLine($"  run {i}: state {state}: {await page.Locator("#workbench-status").TextContentAsync()}");
            }

            times.Add(ms);
        }

        Console.WriteLine($"first page of the county aggregate, warm, {user.Scope} ({times.Count} runs, Ctrl+Enter → grid done, in Chromium): " +
            $"p50 {Percentile(times, 50):F0} ms, p95 {Percentile(times, 95):F0} ms, max {times.Max():F0} ms; load {LoadAverage()}");
        await page.Context.CloseAsync();
    }
}

if (only.Contains("autocomplete", StringComparison.Ordinal))
{
    var page = await OpenWorkbenchAsync(users[0]);
    var typed = new List<double>();
    var explicitly = new List<double>();
    for (var i = 0; i < 30; i++)
    {
        await page.EvaluateAsync("revivalWorkbench.setText('workbench-editor', '')");
        await page.Locator("#workbench-editor .cm-content").ClickAsync();
        await page.Keyboard.InsertTextAsync("SELECT county_code FROM househol");
        await page.Keyboard.PressAsync("Escape");
        typed.Add(await TimeCompletionAsync(page, () => page.Keyboard.TypeAsync("d")));
        await page.Keyboard.PressAsync("Escape");
        explicitly.Add(await TimeCompletionAsync(page, () => page.Keyboard.PressAsync("Control+Space")));
        await page.Keyboard.PressAsync("Escape");
    }

    Console.WriteLine($"autocomplete, keystroke → list shown (includes CodeMirror's typing debounce): p50 {Percentile(typed, 50):F0} ms, p95 {Percentile(typed, 95):F0} ms; " +
        $"Ctrl+Space → list shown: p50 {Percentile(explicitly, 50):F0} ms, p95 {Percentile(explicitly, 95):F0} ms (30 each); load {LoadAverage()}");
    await page.Context.CloseAsync();
}

if (only.Contains("load", StringComparison.Ordinal))
{
    var pages = new List<IPage>();
    for (var i = 0; i < analysts; i++)
    {
        pages.Add(await OpenWorkbenchAsync(users[i % users.Length]));
    }

    Console.WriteLine($"{analysts} analysts signed in with the workbench open; RSS {Rss()} MB; load {LoadAverage()}");
    var rssLog = new List<string> { "seconds,rss_mb" };
    var clock = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var sampler = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            rssLog.Add($"{clock.Elapsed.TotalSeconds:F0},{Rss()}");
            try
            {
                await Task.Delay(5_000, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });
    var results = await Task.WhenAll(pages.Select(async (page, index) =>
    {
        var random = new Random(index + 1);
        var times = new List<double>();
        var errors = new List<string>();
        var queued = 0;
        while (!stop.IsCancellationRequested)
        {
            var (ms, state) = await RunAsync(page, mix[random.Next(mix.Length)] + $"\n-- analyst {index}", observeQueue: true);
            if (state == "done" || state == "done+queued")
            {
                times.Add(ms);
                queued += state == "done+queued" ? 1 : 0;
            }
            else
            {
                var error = await page.Locator("#workbench-error").CountAsync() > 0 ? await page.Locator("#workbench-error").TextContentAsync() : null;
                errors.Add($"{state}: {error ?? await page.Locator("#workbench-status").TextContentAsync()}");
            }

            await Task.Delay(1_000 + random.Next(2_000));
        }

        return (times, errors, queued);
    }));
    await sampler;
    var all = results.SelectMany(r => r.times).ToList();
    var errorList = results.SelectMany(r => r.errors).ToList();
    File.WriteAllLines(Path.Combine(resultsDir, $"rss-{analysts}-analysts.csv"), rssLog);
    var rss = rssLog.Skip(1).Select(l => int.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine($"{analysts} analysts, {seconds} s: {all.Count} statements ({all.Count / clock.Elapsed.TotalSeconds:F1}/s), {errorList.Count} errors, " +
        $"{results.Sum(r => r.queued)} waited in the queue; p50 {Percentile(all, 50):F0} ms, p95 {Percentile(all, 95):F0} ms, max {(all.Count > 0 ? all.Max() : 0):F0} ms; " +
        $"app RSS min {rss.Min()} MB, max {rss.Max()} MB, last {rss[^1]} MB (every 5 s: {Path.Combine(resultsDir, $"rss-{analysts}-analysts.csv")}); load {LoadAverage()}");
    foreach (var error in errorList.Distinct().Take(5))
    {
        Console.WriteLine("  error: " + error);
    }

    foreach (var page in pages)
    {
        await page.Context.CloseAsync();
    }
}

if (only.Contains("export", StringComparison.Ordinal))
{
    var user = users.First(u => u.Scope == "province");
    using var http = await SignedInClientAsync(user.Name, user.Password);
    foreach (var format in new[] { "parquet", "xlsx" })
    {
        const string Sql = "SELECT * FROM household_years LIMIT 1000000";
        var before = Rss();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                try
                {
                    await Task.Delay(50, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync($"/api/workbench/export?format={format}&name=bench&q={Uri.EscapeDataString(Sql)}", HttpCompletionOption.ResponseHeadersRead);
        var file = Path.Combine(resultsDir, "export." + format);
        await using (var output = File.Create(file))
        {
            await response.Content.CopyToAsync(output);
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var rows = response.Headers.TryGetValues("X-Row-Count", out var values) ? values.Single() : "?";
        Console.WriteLine($"export {format}: {(int)response.StatusCode}, {rows} rows, {new FileInfo(file).Length / 1048576.0:F1} MB in {elapsed:F1} s; " +
            $"app RSS before {before} MB, peak {peak} MB; load {LoadAverage()}");
        File.Delete(file);
    }
}

async Task<IPage> OpenWorkbenchAsync((string Name, string Password, string Scope) user)
{
    var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1400, Height = 900 } });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(120_000);
    await page.GotoAsync("/signin");
    await page.FillAsync("input[name=userName]", user.Name);
    await page.FillAsync("input[name=password]", user.Password);
    await page.ClickAsync("#signin-form button[type=submit]");
    await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    await page.GotoAsync("/sql");
    await page.Locator("#workbench-editor .cm-content").WaitForAsync();
    return page;
}

// Ctrl+Enter until the status leaves "running"/"queued"; the state attribute is reset first, so the run's own render sets it.
async Task<(double Ms, string State)> RunAsync(IPage page, string sql, bool observeQueue = false)
{
    await page.EvaluateAsync("text => revivalWorkbench.setText('workbench-editor', text)", sql);
    await page.EvaluateAsync("() => { const s = document.querySelector('#workbench-status'); s.dataset.state = 'sent'; window.__sawQueue = false; " +
        "window.__queueWatch?.disconnect(); window.__queueWatch = new MutationObserver(() => { if (s.dataset.state === 'queued') window.__sawQueue = true; }); " +
        "window.__queueWatch.observe(s, { attributes: true }); }");
    await page.Locator("#workbench-editor .cm-content").ClickAsync();
    await page.Keyboard.PressAsync("Control+End");
    var started = Stopwatch.GetTimestamp();
    await page.Keyboard.PressAsync("Control+Enter");
    try
    {
        await page.WaitForFunctionAsync("() => ['done', 'failed', 'cancelled'].includes(document.querySelector('#workbench-status').dataset.state)", null,
            new() { PollingInterval = 5, Timeout = 120_000 });
    }
    catch (TimeoutException)
    {
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, "no answer in 120 s, state " +
            await page.EvaluateAsync<string>("() => document.querySelector('#workbench-status').dataset.state + ' / ' + document.querySelector('#workbench-status').textContent"));
    }

    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    var state = await page.EvaluateAsync<string>("() => document.querySelector('#workbench-status').dataset.state");
    if (observeQueue && state == "done" && await page.EvaluateAsync<bool>("() => window.__sawQueue"))
    {
        state = "done+queued";
    }

    return (ms, state);
}

// From the keystroke's keydown (event time) to the first completion option in the DOM, measured in the page.
async Task<double> TimeCompletionAsync(IPage page, Func<Task> trigger)
{
    await page.EvaluateAsync("""
        () => {
          window.__completion = new Promise(resolve => {
            let t0 = 0;
            document.addEventListener('keydown', e => { t0 = performance.now(); }, { once: true, capture: true });
            const observer = new MutationObserver(() => {
              if (t0 && document.querySelector('.cm-tooltip-autocomplete li')) { observer.disconnect(); resolve(performance.now() - t0); }
            });
            observer.observe(document.body, { childList: true, subtree: true });
          });
        }
        """);
    await trigger();
    return await page.EvaluateAsync<double>("() => window.__completion");
}

async Task<HttpClient> SignedInClientAsync(string name, string password)
{
    var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
    var form = await client.GetStringAsync("/signin");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["userName"] = name,
        ["password"] = password,
        ["__RequestVerificationToken"] = token,
    }));
    if (handler.CookieContainer.GetCookies(new Uri(baseUrl)).All(c => c.Name != "revival.auth"))
    {
        throw new InvalidOperationException($"sign-in as {name} failed: {(int)response.StatusCode}");
    }

    return client;
}

int Rss()
{
    if (appPid == 0)
    {
        return 0;
    }

    var line = File.ReadLines($"/proc/{appPid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : int.Parse(Regex.Match(line, "\\d+").Value, CultureInfo.InvariantCulture) / 1024;
}

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static double Percentile(IReadOnlyList<double> values, double p)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToArray();
    var rank = p / 100 * (sorted.Length - 1);
    var low = (int)Math.Floor(rank);
    var high = (int)Math.Ceiling(rank);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}
