#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// Scoring all 117 counties for a year, a county PDF and the province PDF, on an export (e.g. /work/bench-data/export-2m).
// Run: dotnet run -c Release bench/assessment/AssessBench.cs -- EXPORT_FOLDER [YEAR]
// The metric layer's aggregates are built first (the dashboard's start-up cost, timed separately); scoring reads only
// KPI values, so its time does not grow with households. Load average is printed beside the figures.
using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics;
using RevivalAnalytics.Assessment;

var export = args.Length > 0 ? args[0] : throw new ArgumentException("usage: AssessBench.cs EXPORT_FOLDER [YEAR]");
var year = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2025;
static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

using var analytics = AnalyticsContext.Open(export, new AnalyticsOptions { Threads = 2 });
var kpis = analytics.Metrics;
var watch = Stopwatch.StartNew();
kpis.Warm();
Console.WriteLine($"metric aggregates built: {watch.Elapsed.TotalSeconds:F1} s (load {Load()})");

var service = analytics.Assessment;
var scheme = SchemeFile.Default(year);
var entries = DemoEntries.Create(scheme, service.Counties, 1);
AssessmentResult result = null!;
for (var run = 0; run < 5; run++)
{
    watch.Restart();
    result = service.Score(scheme, entries);
    Console.WriteLine($"score 117 counties, run {run + 1}: {watch.Elapsed.TotalMilliseconds:F1} ms (load {Load()})");
}

watch.Restart();
var samples = service.DrawFieldSamples(scheme, service.Counties.Keys, 1);
Console.WriteLine($"field samples for 117 counties (frames read + drawn): {watch.Elapsed.TotalSeconds:F2} s, {samples.Values.Sum(s => s.Households.Count):N0} households (load {Load()})");

var problems = ProblemRules.FromResult(result, null, new ProblemOptions { Deadline = new DateOnly(year + 1, 6, 30) });
var county = result.Counties.OrderBy(c => c.CountyCode).First().CountyCode;
for (var run = 0; run < 3; run++)
{
    watch.Restart();
    using (var stream = new MemoryStream())
    {
        AssessmentReports.WriteCountyPdf(result, county, problems, stream);
    }

    var countyMs = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    long size;
    using (var stream = new MemoryStream())
    {
        AssessmentReports.WriteProvincePdf(result, problems, stream);
        size = stream.Length;
    }

    Console.WriteLine($"run {run + 1}: county PDF {countyMs:F0} ms, province PDF {watch.Elapsed.TotalMilliseconds:F0} ms ({size / 1024} KB) (load {Load()})");
}
