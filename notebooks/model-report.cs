#:property PublishAot=false
#:project ../src/Analytics/Analytics.csproj
// Reproduces the risk model's evaluation and the income model's rolling-origin backtest through the library, puts
// both beside the generator's truth, and writes a Markdown report with PNG charts (RevivalAnalytics.Charts).
// Run: dotnet run notebooks/model-report.cs -- [EXPORT_FOLDER] [OUTPUT_FOLDER]
// Without an export it generates the demo dataset (20,000 households, seed 20210101) into a temporary folder.
// Exits non-zero if a chart was not written.
using System.Globalization;
using System.Text;
using RevivalAnalytics;
using RevivalAnalytics.Charts;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Models;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".";
var output = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(here, "output", "model-report"));
string export;
if (args.Length > 0)
{
    export = args[0];
}
else
{
    export = Path.Combine(Path.GetTempPath(), "revival-model-report-demo");
    Console.WriteLine($"generating the demo dataset in {export}");
    DemoDataExport.Write(export, new GeneratorOptions { Households = 20_000 }, overwrite: true);
}

Directory.CreateDirectory(output);
using var analytics = AnalyticsContext.Open(export, new AnalyticsOptions { Threads = 2 });
var data = analytics.ModelData;
Console.WriteLine("training the risk model (ML.NET LightGbm)");
using var risk = RiskModel.Train(data, new RiskModelOptions { Threads = 2 });
Console.WriteLine("running the income backtest");
using var income = IncomeForecastModel.Train(data);
var backtest = IncomeForecastModel.RunBacktest(data);
var scores = risk.Score(data);
var forecasts = income.Forecast(data);
Console.WriteLine("computing the generator's truth");
var truth = GeneratorOracle.ForExport(export);
var test = risk.Evaluation.TestCutoff;
// 1,600 repetitions: the oracle's Monte Carlo noise lowers its AUC (100: 0.665, 400: 0.699, 1,600: 0.721 at the cutoff).
const int Replicates = 1_600;
var known = truth.ReturnProbabilities(test, Replicates, provinceYearKnown: true, threads: 2);
var atCutoff = truth.ReturnProbabilities(test, Replicates, provinceYearKnown: false, threads: 2);
var oracle = risk.CompareWith(data, id => known[id - 1], 2);
var oracleAtCutoff = risk.CompareWith(data, id => atCutoff[id - 1], 2);
var incomeTruth = IncomeForecastModel.CompareWith(backtest, truth.ExpectedIncome);

var charts = new List<string>();
// Every chart as PNG (shown in the report) and SVG (text that searches and reads as the labels).
string Chart(ScottPlot.Plot plot, string name, int width = 800, int height = 480)
{
    charts.Add(Charts.SavePng(plot, Path.Combine(output, name), width, height));
    charts.Add(Charts.SaveSvg(plot, Path.Combine(output, Path.ChangeExtension(name, ".svg")), width, height));
    return name;
}

var md = new StringBuilder();
var e = risk.Evaluation;
md.AppendLine("# 模型报告 / Model report");
md.AppendLine();
md.AppendLine($"Data: `{data.Location}` (fingerprint `{data.Fingerprint}`, {data.FirstYear}–{data.LastYear}). Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `notebooks/model-report.cs`; every figure comes from `RevivalAnalytics.Models`, every chart from `RevivalAnalytics.Charts`.");
md.AppendLine();
md.AppendLine("## 1. 返贫风险 / Return-to-poverty risk");
md.AppendLine();
md.AppendLine($"Label: newly identified as a monitored object, or per-capita net income below the monitoring line, in the year after the cutoff. ML.NET LightGbm trained on cutoffs {e.TrainFirstCutoff}–{e.TrainLastCutoff}, ML.NET Platt calibration on {e.CalibrationCutoff}, tested on {e.TestCutoff} (outcomes of {e.TestCutoff + 1}). ROC-AUC, PR-AUC and log-loss (bits) from ML.NET's `Evaluate`.");
md.AppendLine();
md.AppendLine("| scope | households | returned | ROC-AUC | PR-AUC | Brier | log-loss (bits) | expected |");
md.AppendLine("|---|---|---|---|---|---|---|---|");
void Row(string name, BinaryScores s) => md.AppendLine($"| {name} | {s.Rows:N0} | {s.Positives:N0} | {s.RocAuc:F3} | {s.PrAuc:F3} | {s.Brier:F4} | {s.LogLoss:F4} | {s.ExpectedPositives:N0} |");
Row("all (calibrated)", e.Test);
Row("all (LightGbm's own sigmoid)", e.TestUncalibrated);
foreach (var c in e.ByClass)
{
    Row(ChartPalette.ClassName(c.CountyClass), c.Scores);
}

md.AppendLine();
md.AppendLine("### Against the truth / 与真值比较");
md.AppendLine();
md.AppendLine($"The generator's own probability of each household's outcome (`GeneratorOracle`: its hidden state at the cutoff replayed, the next year simulated {Replicates:N0} times; the remaining Monte Carlo noise makes its AUC a lower bound), on the same households. *Province year known* keeps the generated county disasters of the outcome year, which nothing at the cutoff predicts (they are drawn independently every year); *at the cutoff* draws them afresh: the best a model could do if it saw every household's hidden state.");
md.AppendLine();
md.AppendLine("| scope | model ROC-AUC | oracle at the cutoff | oracle, province year known | model PR-AUC | oracle at the cutoff | oracle, province year known |");
md.AppendLine("|---|---|---|---|---|---|---|");
md.AppendLine($"| all | {oracle.Model.RocAuc:F3} | {oracleAtCutoff.Oracle.RocAuc:F3} | {oracle.Oracle.RocAuc:F3} | {oracle.Model.PrAuc:F3} | {oracleAtCutoff.Oracle.PrAuc:F3} | {oracle.Oracle.PrAuc:F3} |");
for (var i = 0; i < oracle.ByClass.Count; i++)
{
    var (m, k, a) = (oracle.ByClass[i].Model, oracle.ByClass[i].Oracle, oracleAtCutoff.ByClass[i].Oracle);
    md.AppendLine($"| {ChartPalette.ClassName(oracle.ByClass[i].CountyClass)} | {m.RocAuc:F3} | {a.RocAuc:F3} | {k.RocAuc:F3} | {m.PrAuc:F3} | {a.PrAuc:F3} | {k.PrAuc:F3} |");
}

md.AppendLine();
md.AppendLine($"Gap to the oracle at the cutoff: {oracleAtCutoff.AucGap:F3} ROC-AUC (goal ≤ 0.02); to the oracle that knows the outcome year's county disasters: {oracle.AucGap:F3}.");
md.AppendLine();
md.AppendLine($"![auc]({Chart(Charts.ByClass(
    "ROC-AUC:模型与真值 / model and oracle",
    "ROC-AUC",
    ["模型 / model", "真值(截止时可知)/ oracle at cutoff", "真值(已知次年县灾情)/ oracle, province year known"],
    [(0, [oracle.Model.RocAuc, oracleAtCutoff.Oracle.RocAuc, oracle.Oracle.RocAuc]),
        .. oracle.ByClass.Select((c, i) => (c.CountyClass, new[] { c.Model.RocAuc, oracleAtCutoff.ByClass[i].Oracle.RocAuc, c.Oracle.RocAuc }))]), "auc.png")})");
md.AppendLine();
md.AppendLine("Reliability (ten bins of equal size, test year):");
md.AppendLine();
md.AppendLine($"![reliability]({Chart(Charts.Reliability(
    "校准:预测与实际 / reliability",
    [("模型 / model", ChartPalette.ForClass(1), [.. oracle.ModelReliability.Select(b => b.MeanPredicted)], [.. oracle.ModelReliability.Select(b => b.ObservedRate)]),
        ("真值(截止时可知)/ oracle at cutoff", ChartPalette.Muted, [.. oracleAtCutoff.OracleReliability.Select(b => b.MeanPredicted)], [.. oracleAtCutoff.OracleReliability.Select(b => b.ObservedRate)])]), "reliability.png", 640, 560)})");
md.AppendLine();
md.AppendLine("| predicted range | households | mean predicted | observed |");
md.AppendLine("|---|---|---|---|");
foreach (var b in e.Reliability)
{
    md.AppendLine($"| {b.Lower:P2}–{b.Upper:P2} | {b.Rows:N0} | {b.MeanPredicted:P2} | {b.ObservedRate:P2} |");
}

md.AppendLine();
md.AppendLine("Top factors (ML.NET permutation feature importance: fall of the test year's ROC-AUC when the feature is shuffled):");
md.AppendLine();
md.AppendLine($"![factors]({Chart(Charts.HorizontalBars(
    "主要因素 / top factors",
    "打乱后 ROC-AUC 下降 / ROC-AUC decrease when shuffled",
    [.. e.TopFactors.Take(12).Select(f => ($"{f.Chinese} / {f.English}", f.AucDecrease))]), "factors.png", 900, 520)})");
md.AppendLine();
md.AppendLine($"Expected returning households in {scores.Households[0].CutoffYear + 1} (sample; 90% Poisson-binomial range; weighted = province estimate):");
md.AppendLine();
md.AppendLine("| class | households | mean risk | expected (90%) | province (90%) |");
md.AppendLine("|---|---|---|---|---|");
foreach (var c in scores.ByClass())
{
    md.AppendLine($"| {ChartPalette.ClassName(c.Key)} | {c.Households:N0} | {c.MeanProbability:P2} | {c.ExpectedCount:N0} ({c.Lower:N0}–{c.Upper:N0}) | {c.WeightedExpected:N0} ({c.WeightedLower:N0}–{c.WeightedUpper:N0}) |");
}

md.AppendLine();
md.AppendLine("## 2. 县域收入增长 / County income growth");
md.AppendLine();
md.AppendLine($"A shrunk trend model (no learned component): the peers' growth carried forward plus the county's own trend relative to its peers, slopes shrunk by empirical Bayes. Rolling-origin backtest, origins {backtest.FirstOrigin}–{backtest.LastOrigin}, 1–3 years ahead; baselines: last year's growth of the county, and the class's mean growth last year. MASE scale: the county's mean absolute yearly change up to the origin. Coverage of the {backtest.IntervalLevel:P0} intervals counts only forecasts whose interval used residuals known at the origin (n = such forecasts). True path: the generator's county income without its yearly noise.");
md.AppendLine();
md.AppendLine("| class | h | n | MAPE model | MAPE last growth | MAPE class mean | MAPE true path | model to true path | MASE model | MASE last growth | MASE class mean | coverage | n |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var a in backtest.Accuracy)
{
    var t = incomeTruth.Single(x => x.CountyClass == a.CountyClass && x.Horizon == a.Horizon);
    md.AppendLine($"| {ChartPalette.ClassName(a.CountyClass)} | {(a.Horizon == 0 ? "1–3" : a.Horizon)} | {a.Forecasts} | {a.ModelMape:F2}% | {a.LastGrowthMape:F2}% | {a.ClassGrowthMape:F2}% | {t.TruthMape:F2}% | {t.ModelToTruthMape:F2}% | {a.ModelMase:F3} | {a.LastGrowthMase:F3} | {a.ClassGrowthMase:F3} | {(double.IsNaN(a.Coverage) ? "–" : a.Coverage.ToString("P0"))} | {a.CoverageForecasts} |");
}

md.AppendLine();
md.AppendLine($"![mape]({Chart(Charts.ByClass(
    "收入预测误差(1–3 年)/ income forecast error, 1–3 years",
    "MAPE %",
    ["模型 / model", "上年增速 / last growth", "同类均值 / class mean", "真实路径 / true path"],
    [.. backtest.Accuracy.Where(a => a.Horizon == 0).Select(a => (a.CountyClass, new[] { a.ModelMape, a.LastGrowthMape, a.ClassGrowthMape, incomeTruth.Single(t => t.CountyClass == a.CountyClass && t.Horizon == 0).TruthMape }))]), "mape.png")})");
md.AppendLine();
var example = forecasts.First(f => f.CountyClass == 3);
var county = example.CountyCode;
md.AppendLine($"Example: county {county} ({ChartPalette.ClassName(example.CountyClass)}), backtest forecasts one year ahead and the forecast from {example.OriginYear} with its interval:");
md.AppendLine();
var history = backtest.Forecasts.Where(f => f.CountyCode == county && f.Horizon == 1).ToArray();
// The county's observed incomes, as the backtest saw them: at each origin, and at each target year.
var observed = backtest.Forecasts.Where(f => f.CountyCode == county)
    .SelectMany(f => new[] { (Year: f.OriginYear, Value: f.OriginIncome), (f.Year, Value: f.Actual) })
    .DistinctBy(p => p.Year).OrderBy(p => p.Year).ToArray();
md.AppendLine($"![county]({Chart(Charts.Forecast(
    $"县 {county} 农村居民人均可支配收入 / county {county} rural income",
    example.CountyClass,
    observed,
    [.. history.Select(f => (f.Year, f.Forecast))],
    [.. forecasts.Where(f => f.CountyCode == county).Select(f => (f.Year, f.Forecast, f.Lower, f.Upper))],
    $"{backtest.IntervalLevel * 100:0}% 区间 / interval"), "county.png")})");
File.WriteAllText(Path.Combine(output, "report.md"), md.ToString());
Console.WriteLine($"report: {Path.Combine(output, "report.md")}");

// CI runs this notebook: a chart that was not written, or is too small to hold a picture, fails the run.
var missing = charts.Where(c => !File.Exists(c) || new FileInfo(c).Length < 10_000).ToArray();
foreach (var c in missing)
{
    Console.Error.WriteLine($"图表未写出 / chart not written: {c}");
}

return missing.Length == 0 ? 0 : 1;
