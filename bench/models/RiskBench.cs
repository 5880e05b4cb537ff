#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// The risk model beside its peers and the truth, on one export (bench/models/run.sh drives it).
//   dotnet run -c Release bench/models/RiskBench.cs -- prepare EXPORT STORE OUT [THREADS]
//     scores all households with the stored ML.NET model 5 times (timed), writes the training CSVs for the Python
//     peers, and the generator's probabilities (oracle.csv, oracle-at-cutoff.csv) with their time.
//   dotnet run -c Release bench/models/RiskBench.cs -- score EXPORT STORE OUT [THREADS] [RUNS]
//     times scoring's parts at the data's last year: the feature query into a frame, the trees, Score() end to end
//     (features, trees, calibration) and the ranges of expected returns, RUNS times (5 by default).
//   dotnet run -c Release bench/models/RiskBench.cs -- report EXPORT STORE OUT
//     measures every OUT/<learner>.csv (household_id,probability on the test year) the same way (ML.NET Evaluate,
//     Brier) against the same households, and prints one Markdown table with OUT/timings.tsv.
using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Models;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (mode, export, storeFolder, output) = (args[0], args[1], args[2], args[3]);
var threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
using var analytics = AnalyticsContext.Open(export, new AnalyticsOptions { Threads = threads });
var data = analytics.ModelData;
using var model = RiskModel.Load(new ModelStore(storeFolder));
Directory.CreateDirectory(output);
var timings = Path.Combine(output, "timings.tsv");
if (mode == "score")
{
    // Scoring's parts on their own, then end to end; each run prints the load average beside its figures.
    var runs = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5;
    for (var run = 0; run < runs; run++)
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var watch = Stopwatch.StartNew();
        var rows = 0;
        data.Read(RiskFeatures.BuildSql(data, data.LastYear, data.LastYear, labels: false), reader =>
        {
            while (reader.Read())
            {
                rows++;
            }
        });
        var query = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var frame = RiskFeatures.Load(data, data.LastYear, data.LastYear, labels: false);
        var features = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var raw = model.RawScores(frame, threads);
        var trees = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var scores = model.Score(data, threads: threads);
        var score = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var classes = scores.ByClass();
        var ranges = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"run {run + 1}: {frame.Rows:N0} households · feature query alone {query:F2} s, into a frame {features:F2} s · trees {trees:F2} s · "
            + $"Score() end to end {score:F2} s · ranges {ranges:F2} s · total {score + ranges:F2} s (load {load}; {raw.Length} = {classes.Count} classes)");
    }

    return;
}

if (mode == "prepare")
{
    var seconds = new List<double>();
    for (var run = 0; run < 5; run++)
    {
        var watch = Stopwatch.StartNew();
        var scored = model.Score(data, threads: threads).Households.Count;
        seconds.Add(watch.Elapsed.TotalSeconds);
        Console.WriteLine($"scored {scored:N0} households in {watch.Elapsed.TotalSeconds:F2} s (features, trees, calibration)");
    }

    File.AppendAllText(timings, $"mlnet\tscore_seconds\t{seconds.Min():F2}–{seconds.Max():F2}\n");
    var rows = RiskModel.ExportTrainingData(data, output, new RiskModelOptions { Seed = model.Metadata.Seed });
    Console.WriteLine($"exported {string.Join(", ", rows.Select(r => $"{r.Key} {r.Value:N0}"))} rows to {output}");
    var oracle = GeneratorOracle.ForExport(export);
    foreach (var (name, known) in new[] { ("oracle", true), ("oracle-at-cutoff", false) })
    {
        var watch = Stopwatch.StartNew();
        var p = oracle.ReturnProbabilities(model.Evaluation.TestCutoff, 100, known, threads);
        File.AppendAllText(timings, $"{name}\tscore_seconds\t{watch.Elapsed.TotalSeconds:F1}\n");
        using var writer = new StreamWriter(Path.Combine(output, name + ".csv"));
        writer.WriteLine("household_id,probability");
        for (var i = 0; i < p.Probabilities.Count; i++)
        {
            writer.WriteLine($"{i + 1},{p.Probabilities[i]:R}");
        }

        Console.WriteLine($"{name}: {p.Probabilities.Count:N0} households in {watch.Elapsed.TotalSeconds:F1} s");
    }

    return;
}

// report
var figures = File.Exists(timings)
    ? File.ReadAllLines(timings).Select(l => l.Split('\t')).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.ToDictionary(f => f[1], f => f[2]))
    : [];
string Figure(string learner, string key) => figures.TryGetValue(learner, out var f) && f.TryGetValue(key, out var v) ? v : "–";
Console.WriteLine($"| learner | ROC-AUC | PR-AUC | Brier | train s | scoring s | peak RSS |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
var self = model.CompareWith(data, _ => 0.5, threads).Model;
Console.WriteLine($"| ML.NET LightGbm (this branch) | {self.RocAuc:F4} | {self.PrAuc:F4} | {self.Brier:F5} | {Figure("mlnet", "train_seconds")} | {Figure("mlnet", "score_seconds")} | {Figure("mlnet", "peak_rss")} |");
string[] names = ["xgboost-5adffd2", "xgboost", "hgb", "hgb-default", "oracle-at-cutoff", "oracle"];
foreach (var learner in names)
{
    var path = Path.Combine(output, learner + ".csv");
    if (!File.Exists(path))
    {
        continue;
    }

    var p = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => double.Parse(f[1], CultureInfo.InvariantCulture));
    var s = model.CompareWith(data, id => p[id], threads).Oracle;
    Console.WriteLine($"| {Figure(learner, "name") switch { "–" => learner, var n => n }} | {s.RocAuc:F4} | {s.PrAuc:F4} | {s.Brier:F5} | {Figure(learner, "train_seconds")} | {Figure(learner, "score_seconds")} | {Figure(learner, "peak_rss")} |");
}
