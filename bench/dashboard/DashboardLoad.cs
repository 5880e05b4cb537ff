#:property PublishAot=false
#:property TreatWarningsAsErrors=false
// Load harness for the dashboard on loopback: warm latency of the province overview (one client, sequential),
// N concurrent clients over a mix of pages and API calls (latency percentiles, errors), and the app's resident memory
// sampled from /proc while the load runs.
// Usage: dotnet run -c Release bench/dashboard/DashboardLoad.cs -- <baseUrl> <appPid> <seconds> <clients> <resultsDir>

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

var baseUrl = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5280/");
var appPid = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50;
var resultsDir = Path.GetFullPath(args.Length > 4 ? args[4] : "bench/results/dashboard");
Directory.CreateDirectory(resultsDir);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(60),
};

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
var mix = new Func<Random, string>[]
{
    _ => "/",
    r => $"/?year={year}&kpi={kpis[r.Next(kpis.Length)]}",
    _ => "/classes",
    r => $"/county/{counties[r.Next(counties.Length)]}",
    r => $"/warnings?sort=flags&desc=true&page={1 + r.Next(2)}",
    r => $"/warnings?level=household&page={1 + r.Next(20)}",
    _ => "/api/kpis",
    r => $"/api/counties/{counties[r.Next(counties.Length)]}",
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
var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
{
    var random = new Random(1000 + c);
    latencies[c] = [];
    while (!stop.IsCancellationRequested)
    {
        var path = mix[random.Next(mix.Length)](random);
        if (bust)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "r=" + random.Next();
        }

        var result = await Get(path);
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
    concurrent = new { clients, uncached = bust, seconds = elapsed, requests = all.Length, errors = errors.Sum(), p50 = Percentile(all, 50), p95 = Percentile(all, 95), p99 = Percentile(all, 99), max = all.Max() },
    memoryMb = memory.Select(m => new { t = Math.Round(m.Seconds), rss = Math.Round(m.RssKb / 1024.0, 1) }),
};
var file = Path.Combine(resultsDir, $"load-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
await File.WriteAllTextAsync(file, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results: {file}");
return errors.Sum() == 0 ? 0 : 1;

async Task<(double Milliseconds, bool Ok)> Get(string path)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        using var response = await http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseContentRead);
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
