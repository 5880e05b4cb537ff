#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// Trains our binding on 200k × 20 synthetic rows (2 threads) and writes the data to bench/results/ for xgb_peer.py.
using System.Diagnostics;
using RevivalAnalytics.Xgboost;

const int Train = 200_000, Test = 50_000, Cols = 20;
var random = new Random(42);
var x = new float[(Train + Test) * Cols];
var y = new float[Train + Test];
for (var r = 0; r < y.Length; r++)
{
    var row = x.AsSpan(r * Cols, Cols);
    for (var c = 0; c < Cols; c++) { row[c] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())); }
    var logit = (1.5 * row[0]) - row[1] + (0.8 * row[2] * row[3]) + (0.5 * Math.Abs(row[4])) - 0.7;
    y[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
    if (random.NextDouble() < 0.05) { row[5] = float.NaN; }
}
var dir = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "../results");
Directory.CreateDirectory(dir);
File.WriteAllBytes(Path.Combine(dir, "x.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray());
File.WriteAllBytes(Path.Combine(dir, "y.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.AsSpan()).ToArray());

var watch = Stopwatch.StartNew();
using var train = XgbMatrix.FromDense(x.AsSpan(0, Train * Cols), Train, Cols, y.AsSpan(0, Train), threads: 2);
using var test = XgbMatrix.FromDense(x.AsSpan(Train * Cols), Test, Cols, y.AsSpan(Train), threads: 2);
var build = watch.Elapsed.TotalSeconds;
watch.Restart();
var options = new XgbTrainOptions { Rounds = 200, LearningRate = 0.1, MaxDepth = 6, Seed = 1, Threads = 2, EvalMetrics = ["auc"] };
using var booster = XgbBooster.Train(train, options);
var fit = watch.Elapsed.TotalSeconds;
watch.Restart();
var predictions = booster.Predict(test);
var predict = watch.Elapsed.TotalSeconds;
Console.WriteLine($"ours (C#, libxgboost 1.7.4): matrices {build:F2}s  train {fit:F2}s  predict {predict:F3}s  {booster.Evaluate(test, "test")}");
