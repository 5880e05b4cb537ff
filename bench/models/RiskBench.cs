#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// The risk model against Python xgboost and scikit-learn on exactly its features and split, plus training and
// whole-province prediction times. Run: dotnet run -c Release bench/models/RiskBench.cs -- EXPORT_FOLDER [THREADS]
// (an export from `revival generate`; 2 threads by default, as on the bureau's and CI's machines).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RevivalAnalytics.Models;

var export = args.Length > 0 ? args[0] : throw new ArgumentException("usage: RiskBench.cs EXPORT_FOLDER [THREADS]");
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".";
var results = Path.Combine(here, "..", "results", "models");
var options = new RiskModelOptions { Threads = threads };

using var data = ModelDataSource.FromExport(export, threads);
var stages = new Dictionary<string, double>();
var watch = Stopwatch.StartNew();
using var model = RiskModel.Train(data, options, new Progress(p => stages.TryAdd(p.Stage, watch.Elapsed.TotalSeconds)));
var total = watch.Elapsed.TotalSeconds;
var times = stages.OrderBy(s => s.Value).Select(s => s.Value).Append(total).ToArray();
var e = model.Evaluation;
Console.WriteLine($"data {export}: {e.Test.Rows:N0} households in the test year, train cutoffs {e.TrainFirstCutoff}-{e.TrainLastCutoff}, {model.Metadata.Metrics["train_rows"]:N0} training rows");
Console.WriteLine($"ours: features {times[1] - times[0]:F1}s, booster {times[2] - times[1]:F1}s, calibration+evaluation {times[3] - times[2]:F1}s, total {total:F1}s");

// Several runs: on a shared 2-core machine one run says little.
var predictSeconds = new List<double>();
var scored = 0;
for (var run = 0; run < 5; run++)
{
    watch.Restart();
    scored = model.Score(data).Households.Count;
    predictSeconds.Add(watch.Elapsed.TotalSeconds);
}

Console.WriteLine($"predict all {scored:N0} households (features + booster + calibration), 5 runs: {string.Join(", ", predictSeconds.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))} s; goal < 10 s");

Directory.CreateDirectory(results);
var rows = RiskModel.ExportTrainingData(data, results);
Console.WriteLine($"exported {string.Join(", ", rows.Select(r => $"{r.Key} {r.Value:N0}"))} rows to {Path.GetFullPath(results)}");
var python = Process.Start(new ProcessStartInfo("/usr/bin/python3")
{
    ArgumentList = { Path.Combine(here, "peers.py"), results, options.Seed.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture),
        options.Rounds.ToString(CultureInfo.InvariantCulture), options.LearningRate.ToString(CultureInfo.InvariantCulture), options.MaxDepth.ToString(CultureInfo.InvariantCulture) },
    RedirectStandardOutput = true,
})!;
var peers = new List<(string Name, double Seconds, double Auc, double PrAuc)>();
while (python.StandardOutput.ReadLine() is { } line)
{
    using var json = JsonDocument.Parse(line);
    var r = json.RootElement;
    peers.Add((r.GetProperty("learner").GetString()!, r.GetProperty("train_seconds").GetDouble(), r.GetProperty("roc_auc").GetDouble(), r.GetProperty("pr_auc").GetDouble()));
}

python.WaitForExit();
Console.WriteLine();
Console.WriteLine($"| learner | ROC-AUC | PR-AUC | train s |");
Console.WriteLine($"|---|---|---|---|");
Console.WriteLine($"| ours (C# binding, raw booster) | {e.TestUncalibrated.RocAuc:F4} | {e.TestUncalibrated.PrAuc:F4} | {times[2] - times[1]:F1} |");
Console.WriteLine($"| ours (isotonic-calibrated) | {e.Test.RocAuc:F4} | {e.Test.PrAuc:F4} | |");
foreach (var p in peers)
{
    Console.WriteLine($"| {p.Name} | {p.Auc:F4} | {p.PrAuc:F4} | {p.Seconds:F1} |");
}

var best = peers.Max(p => p.Auc);
Console.WriteLine();
Console.WriteLine($"best peer AUC {best:F4}; ours {e.TestUncalibrated.RocAuc:F4} (gap {best - e.TestUncalibrated.RocAuc:+0.0000;-0.0000}); goal: gap ≤ 0.005 → {(best - e.TestUncalibrated.RocAuc <= 0.005 ? "met" : "NOT met")}");

internal sealed class Progress(Action<ModelProgress> report) : IProgress<ModelProgress>
{
    public void Report(ModelProgress value) => report(value);
}
