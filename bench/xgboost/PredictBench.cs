#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// Scoring many rows with the risk model's shape (300 trees of depth 5, 32 features, some missing): XGBoost's own
// prediction (through a DMatrix) against the binding's SimdForest (Predict from dense rows), with the results
// compared bit for bit. Run: dotnet run -c Release bench/xgboost/PredictBench.cs -- [ROWS] [THREADS]
// (with DOTNET_EnableAVX512=0 in the environment it measures the AVX2 kernel on an AVX-512 machine).
using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics.Xgboost;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
const int TrainRows = 200_000, Columns = 32;

var random = new Random(42);
float[] Rows(int count, float[]? labels)
{
    var x = new float[count * Columns];
    for (var r = 0; r < count; r++)
    {
        var row = x.AsSpan(r * Columns, Columns);
        for (var c = 0; c < Columns; c++)
        {
            row[c] = random.NextDouble() < 0.05 ? float.NaN : (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        if (labels is not null)
        {
            var logit = (1.5 * Value(row[0])) - Value(row[1]) + (0.8 * Value(row[2]) * Value(row[3])) + (0.5 * Math.Abs(Value(row[4]))) - 3;
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }
    }

    return x;
}

static double Value(float v) => float.IsNaN(v) ? 0 : v;

var labels = new float[TrainRows];
var trainRows = Rows(TrainRows, labels);
var scoreRows = Rows(rows, null);
using var train = XgbMatrix.FromDense(trainRows, TrainRows, Columns, labels, threads: threads);
var options = new XgbTrainOptions { Rounds = 300, LearningRate = 0.05, MaxDepth = 5, MinChildWeight = 5, Subsample = 0.8, ColumnSampleByTree = 0.8, Seed = 1, Threads = threads };
using var booster = XgbBooster.Train(train, options);
float[] xgboost = [], simd = [];
for (var round = 0; round < 3; round++)
{
    // A new matrix each round: XGBoost caches the predictions of a matrix it has seen.
    using var matrix = XgbMatrix.FromDense(scoreRows, rows, Columns, [], threads: threads);
    var watch = Stopwatch.StartNew();
    xgboost = booster.Predict(matrix);
    var xgboostSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    simd = booster.Predict(scoreRows, rows, Columns);
    var simdSeconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{rows:N0} rows, {threads} threads: XGBoost 1.7.4 {xgboostSeconds:F2} s, SimdForest {simdSeconds:F2} s ({xgboostSeconds / simdSeconds:F1}×)");
}

var differ = Enumerable.Range(0, rows).Count(i => BitConverter.SingleToInt32Bits(xgboost[i]) != BitConverter.SingleToInt32Bits(simd[i]));
Console.WriteLine($"AVX-512: {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, AVX2: {System.Runtime.Intrinsics.X86.Avx2.IsSupported}; rows whose prediction differs: {differ}");
