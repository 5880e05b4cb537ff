#:property PublishAot=false
#:property TreatWarningsAsErrors=false
// Load harness for the dashboard on loopback, signed in: warm latency of the province overview (one client,
// sequential), sign-in throughput with the real password hasher, the time to build a prefecture-scoped SQL workspace,
// N concurrent clients with mixed data scopes over a mix of pages and API calls (latency percentiles, errors), and the
// app's resident memory sampled from /proc while the load runs.
// Usage: dotnet run -c Release bench/dashboard/DashboardLoad.cs -- <baseUrl> <appPid> <seconds> <clients> <resultsDir>
// BENCH_USERS: a file of "user<TAB>password<TAB>scope" lines (bench/dashboard/run.sh makes it); the first is province-wide,
// and one has the scope prefecture:140100.

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

var baseUrl = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5280/");
var appPid = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
var resultsDir = Path.GetFullPath(args.Length > 4 ? args[4] : "bench/results/dashboard");
Directory.CreateDirectory(resultsDir);

var users = File.ReadAllLines(Environment.GetEnvironmentVariable("BENCH_USERS") ?? throw new InvalidOperationException("BENCH_USERS is not set"))
    .Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => (Name: f[0], Password: f[1], Scope: f[2])).ToArray();
using var http = await SignedInClient(users[0].Name, users[0].Password, clients * 2);

// Sign-in throughput with the real hasher (PBKDF2): 4 parallel sign-in loops, 40 sign-ins.
var signInClock = Stopwatch.StartNew();
var signInTimes = (await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
{
    var times = new List<double>();
    for (var i = 0; i < 10; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var c = await SignedInClient(users[w % users.Length].Name, users[w % users.Length].Password, 2);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    return times;
}))).SelectMany(t => t).ToArray();
var signInsPerSecond = signInTimes.Length / signInClock.Elapsed.TotalSeconds;
Console.WriteLine($"sign-in (GET form + POST, real hasher), 4 in parallel: {signInsPerSecond:F1}/s, p50 {Percentile(signInTimes, 50):F0} ms, p95 {Percentile(signInTimes, 95):F0} ms");

// The prefecture-scoped SQL workspace: built on a prefecture analyst's first query, reused after.
var prefectureUser = users.First(u => u.Scope.StartsWith("prefecture:", StringComparison.Ordinal));
using (var analyst = await SignedInClient(prefectureUser.Name, prefectureUser.Password, 2))
{
    foreach (var attempt in new[] { "first (builds the workspace)", "second" })
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await analyst.GetAsync("api/sql?q=" + Uri.EscapeDataString("SELECT count(*) AS n FROM household_years"));
        var body = await response.Content.ReadAsStringAsync();
        Console.WriteLine($"{prefectureUser.Scope} SQL workspace, {attempt} query: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms ({(int)response.StatusCode}) {body[..Math.Min(body.Length, 120)]}");
    }
}

// Pick real county codes and the latest year from the app itself.
var overviewJson = JsonDocument.Parse(await http.GetStringAsync("api/kpis"));
var year = overviewJson.RootElement.GetProperty("period").GetString()!;
var counties = JsonDocument.Parse(await http.GetStringAsync($"api/kpis/rural_income/counties?year={year}"))
    .RootElement.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetInt32()).ToArray();
var kpis = overviewJson.RootElement.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("kpi").GetProperty("id").GetString()!).ToArray();

// 1. Warm, sequential: the province overview page (HTML, every section) and the API behind the cards.
foreach (var path in new[] { "/", "/classes", "/warnings", $"/county/{counties[0]}", "/api/kpis" })
{
    for (var i = 0; i < 5; i++)
    {
        await Get(path);
    }
}

var sequential = new Dictionary<string, double[]>();
// Pages are output-cached per URL and data version; the "uncached" rows add a parameter the page ignores, so every
// request renders (metric results still come from the metric layer's own cache): the render cost behind a cache miss.
var stamp = DateTime.UtcNow.Ticks;
foreach (var (name, path) in new (string, Func<int, string>)[]
{
    ("overview_html", _ => "/"), ("overview_en_html", _ => "/?lang=en"), ("overview_html_uncached", i => $"/?r={stamp}-{i}"),
    ("kpis_api", _ => "/api/kpis"), ("classes_html", _ => "/classes"), ("classes_html_uncached", i => $"/classes?r={stamp}-{i}"),
    ("county_html", _ => $"/county/{counties[0]}"), ("county_html_uncached", i => $"/county/{counties[i % counties.Length]}?r={stamp}-{i}"),
    ("warnings_households_html", _ => "/warnings?level=household"),
})
{
    var samples = new double[200];
    for (var i = 0; i < samples.Length; i++)
    {
        samples[i] = (await Get(path(i))).Milliseconds;
    }

    sequential[name] = samples;
    Console.WriteLine($"{name,-26} warm, 1 client: p50 {Percentile(samples, 50),7:F1} ms  p95 {Percentile(samples, 95),7:F1} ms  max {samples.Max(),7:F1} ms");
}

// 2. Concurrent clients over a mix, with the memory sampler beside them.
// BENCH_UNCACHED=1 adds an ignored random parameter to every request: each one renders (the worst case).
var bust = Environment.GetEnvironmentVariable("BENCH_UNCACHED") == "1";
var mix = new Func<Random, int[], string>[]
{
    (_, _) => "/",
    (r, _) => $"/?year={year}&kpi={kpis[r.Next(kpis.Length)]}",
    (_, _) => "/classes",
    (r, own) => $"/county/{own[r.Next(own.Length)]}",
    (r, _) => $"/warnings?sort=flags&desc=true&page={1 + r.Next(2)}",
    (r, _) => $"/warnings?level=household&page={1 + r.Next(20)}",
    (_, _) => "/api/kpis",
    (r, own) => $"/api/counties/{own[r.Next(own.Length)]}",
};

var memory = new List<(double Seconds, long RssKb)>();
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var sampler = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        memory.Add((clock.Elapsed.TotalSeconds, Rss(appPid)));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    memory.Add((clock.Elapsed.TotalSeconds, Rss(appPid)));
});

var latencies = new List<double>[clients];
var errors = new int[clients];
// Each client signs in as one of the users in turn: mixed scopes, each with its own cookie.
var clientHttp = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => SignedInClient(users[c % users.Length].Name, users[c % users.Length].Password, 4)));
// And asks only for counties of its own scope (another county would be a 403, which the bench counts as an error).
var clientCounties = await Task.WhenAll(clientHttp.Select(async client =>
    JsonDocument.Parse(await client.GetStringAsync($"api/kpis/rural_income/counties?year={year}"))
        .RootElement.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetInt32()).ToArray()));
var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
{
    var random = new Random(1000 + c);
    latencies[c] = [];
    while (!stop.IsCancellationRequested)
    {
        var path = mix[random.Next(mix.Length)](random, clientCounties[c]);
        if (bust)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "r=" + random.Next();
        }

        var result = await Get(path, clientHttp[c]);
        latencies[c].Add(result.Milliseconds);
        if (!result.Ok)
        {
            errors[c]++;
        }
    }
})).ToArray();
await Task.WhenAll(workers);
await sampler;
var all = latencies.SelectMany(l => l).ToArray();
var elapsed = clock.Elapsed.TotalSeconds;
Console.WriteLine($"{clients} clients{(bust ? " (every request rendered)" : string.Empty)}, {elapsed:F0} s: {all.Length} requests ({all.Length / elapsed:F0}/s), errors {errors.Sum()}, " +
    $"p50 {Percentile(all, 50):F1} ms  p95 {Percentile(all, 95):F1} ms  p99 {Percentile(all, 99):F1} ms  max {all.Max():F1} ms");
if (memory.Count > 0 && appPid > 0)
{
    Console.WriteLine($"app RSS: start {memory[0].RssKb / 1024.0:F0} MB, max {memory.Max(m => m.RssKb) / 1024.0:F0} MB, end {memory[^1].RssKb / 1024.0:F0} MB ({memory.Count} samples)");
}

var report = new
{
    baseUrl = baseUrl.ToString(),
    year,
    warmSequential = sequential.ToDictionary(p => p.Key, p => new { p50 = Percentile(p.Value, 50), p95 = Percentile(p.Value, 95), max = p.Value.Max() }),
    signIn = new { perSecond = signInsPerSecond, p50 = Percentile(signInTimes, 50), p95 = Percentile(signInTimes, 95) },
    scopes = users.Select(u => u.Scope).Distinct(),
    concurrent = new { clients, uncached = bust, seconds = elapsed, requests = all.Length, errors = errors.Sum(), p50 = Percentile(all, 50), p95 = Percentile(all, 95), p99 = Percentile(all, 99), max = all.Max() },
    memoryMb = memory.Select(m => new { t = Math.Round(m.Seconds), rss = Math.Round(m.RssKb / 1024.0, 1) }),
};
var file = Path.Combine(resultsDir, $"load-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results: {file}");
return errors.Sum() == 0 ? 0 : 1;

async Task<HttpClient> SignedInClient(string user, string password, int connections)
{
    var client = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };
    var form = await client.GetStringAsync("signin");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await client.PostAsync("account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["userName"] = user,
        ["password"] = password,
        ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
    {
        throw new InvalidOperationException($"sign-in as {user} failed: {(int)response.StatusCode} {response.Headers.Location}");
    }

    return client;
}

async Task<(double Milliseconds, bool Ok)> Get(string path, HttpClient? client = null)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        using var response = await (client ?? http).GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseContentRead);
        await response.Content.ReadAsByteArrayAsync();
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.IsSuccessStatusCode);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, false);
    }
}

static double Percentile(IReadOnlyCollection<double> values, double percent)
{
    var sorted = values.Order().ToArray();
    if (sorted.Length == 0)
    {
        return double.NaN;
    }

    var rank = percent / 100 * (sorted.Length - 1);
    var low = (int)Math.Floor(rank);
    var high = Math.Min(low + 1, sorted.Length - 1);
    return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
}

static long Rss(int pid)
{
    if (pid <= 0)
    {
        return 0;
    }

    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return 0;
    }
}
