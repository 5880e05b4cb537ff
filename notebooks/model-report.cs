#:property PublishAot=false
#:project ../src/Analytics/Analytics.csproj
// Reproduces the risk model's evaluation and the income model's rolling-origin backtest through the library and
// writes a Markdown report with SVG charts.
// Run: dotnet run notebooks/model-report.cs -- [EXPORT_FOLDER] [OUTPUT_FOLDER]
// Without an export it generates the demo dataset (20,000 households, seed 20210101) into a temporary folder.
using System.Globalization;
using System.Text;
using RevivalAnalytics.Data;
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
using var data = ModelDataSource.FromExport(export, 2);
Console.WriteLine("training the risk model");
using var risk = RiskModel.Train(data, new RiskModelOptions { Threads = 2 });
Console.WriteLine("running the income backtest and training the income model");
using var income = IncomeForecastModel.Train(data, new IncomeModelOptions { Threads = 2 });
var backtest = IncomeForecastModel.RunBacktest(data, new IncomeModelOptions { Threads = 2 });
var scores = risk.Score(data);
var forecasts = income.Forecast(data);

string[] classNames = ["全部 all", .. DataContract.Labels("county_class").OrderBy(c => c.Key).Select(c => $"{c.Value.Zh} {c.Value.En}")];
var md = new StringBuilder();
var e = risk.Evaluation;
md.AppendLine("# 模型报告 / Model report");
md.AppendLine();
md.AppendLine($"Data: `{data.Location}` (fingerprint `{data.Fingerprint}`, {data.FirstYear}–{data.LastYear}). Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `notebooks/model-report.cs`; every figure comes from `RevivalAnalytics.Models`.");
md.AppendLine();
md.AppendLine("## 1. 返贫风险 / Return-to-poverty risk");
md.AppendLine();
md.AppendLine($"Label: newly identified as a monitored object, or per-capita net income below the monitoring line, in the year after the cutoff. Trained on cutoffs {e.TrainFirstCutoff}–{e.TrainLastCutoff}, isotonic calibration on {e.CalibrationCutoff}, tested on {e.TestCutoff} (outcomes of {e.TestCutoff + 1}).");
md.AppendLine();
md.AppendLine("| scope | households | returned | ROC-AUC | PR-AUC | Brier | expected |");
md.AppendLine("|---|---|---|---|---|---|---|");
void Row(string name, BinaryScores s) => md.AppendLine($"| {name} | {s.Rows:N0} | {s.Positives:N0} | {s.RocAuc:F3} | {s.PrAuc:F3} | {s.Brier:F4} | {s.ExpectedPositives:N0} |");
Row("all (calibrated)", e.Test);
Row("all (raw booster)", e.TestUncalibrated);
foreach (var c in e.ByClass)
{
    Row(classNames[c.CountyClass], c.Scores);
}

md.AppendLine();
md.AppendLine("Reliability (ten bins of equal size, test year):");
md.AppendLine();
md.AppendLine("![reliability](reliability.svg)");
md.AppendLine();
md.AppendLine("| predicted range | households | mean predicted | observed |");
md.AppendLine("|---|---|---|---|");
foreach (var b in e.Reliability)
{
    md.AppendLine($"| {b.Lower:P2}–{b.Upper:P2} | {b.Rows:N0} | {b.MeanPredicted:P2} | {b.ObservedRate:P2} |");
}

File.WriteAllText(Path.Combine(output, "reliability.svg"), Svg.Scatter(
    [.. e.Reliability.Select(b => (b.MeanPredicted, b.ObservedRate))], "mean predicted", "observed rate"));
md.AppendLine();
md.AppendLine("Top factors (mean |SHAP|, log-odds, test year):");
md.AppendLine();
md.AppendLine("![factors](factors.svg)");
File.WriteAllText(Path.Combine(output, "factors.svg"), Svg.Bars(
    [.. e.TopFactors.Take(12).Select(f => ($"{f.Chinese} / {f.English}", f.MeanAbsoluteContribution))], "mean |SHAP|"));
md.AppendLine();
md.AppendLine($"Expected returning households in {scores.Households[0].CutoffYear + 1} (sample; 90% Poisson-binomial range; weighted = province estimate):");
md.AppendLine();
md.AppendLine("| class | households | mean risk | expected (90%) | province (90%) |");
md.AppendLine("|---|---|---|---|---|");
foreach (var c in scores.ByClass())
{
    md.AppendLine($"| {classNames[c.Key]} | {c.Households:N0} | {c.MeanProbability:P2} | {c.ExpectedCount:N0} ({c.Lower:N0}–{c.Upper:N0}) | {c.WeightedExpected:N0} ({c.WeightedLower:N0}–{c.WeightedUpper:N0}) |");
}

md.AppendLine();
md.AppendLine("## 2. 县域收入增长 / County income growth");
md.AppendLine();
md.AppendLine($"Rolling-origin backtest, origins {backtest.FirstOrigin}–{backtest.LastOrigin}, 1–3 years ahead; baselines: last year's growth of the county, and the class's mean growth last year. MASE scale: the county's mean absolute yearly change up to the origin. Coverage of the {backtest.IntervalLevel:P0} intervals counts only forecasts whose interval used residuals known at the origin (n = such forecasts). Weight of the booster's correction over the counties' shrunk trends, 1/2/3 years ahead: {string.Join(" / ", income.Backtest.CorrectionWeights.Select(w => w.ToString("F2")))}.");
md.AppendLine();
md.AppendLine("| class | h | n | MAPE model | MAPE last growth | MAPE class mean | MASE model | MASE last growth | MASE class mean | coverage | n |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var a in backtest.Accuracy)
{
    md.AppendLine($"| {classNames[a.CountyClass]} | {(a.Horizon == 0 ? "1–3" : a.Horizon)} | {a.Forecasts} | {a.ModelMape:F2}% | {a.LastGrowthMape:F2}% | {a.ClassGrowthMape:F2}% | {a.ModelMase:F3} | {a.LastGrowthMase:F3} | {a.ClassGrowthMase:F3} | {(double.IsNaN(a.Coverage) ? "–" : a.Coverage.ToString("P0"))} | {a.CoverageForecasts} |");
}

md.AppendLine();
md.AppendLine("![mape](mape.svg)");
File.WriteAllText(Path.Combine(output, "mape.svg"), Svg.GroupedBars(
    [.. backtest.Accuracy.Where(a => a.Horizon == 0).Select(a => (classNames[a.CountyClass], new[] { a.ModelMape, a.LastGrowthMape, a.ClassGrowthMape }))],
    ["model", "last growth", "class mean"],
    "MAPE % (1–3 years)"));
md.AppendLine();
var county = forecasts[0].CountyCode;
md.AppendLine($"Example: county {county}, backtest forecasts one year ahead (line: actual) and the forecast from {forecasts[0].OriginYear} with its interval:");
md.AppendLine();
md.AppendLine("![county](county.svg)");
var history = backtest.Forecasts.Where(f => f.CountyCode == county && f.Horizon == 1).ToArray();
File.WriteAllText(Path.Combine(output, "county.svg"), Svg.Fan(
    [.. history.Select(f => (f.Year, f.Actual))],
    [.. history.Select(f => (f.Year, f.Forecast))],
    [.. forecasts.Where(f => f.CountyCode == county).Select(f => (f.Year, f.Forecast, f.Lower, f.Upper))]));
File.WriteAllText(Path.Combine(output, "report.md"), md.ToString());
Console.WriteLine($"report: {Path.Combine(output, "report.md")}");

internal static class Svg
{
    private const int Width = 640;
    private const int Height = 360;
    private const int Margin = 50;

    public static string Scatter((double X, double Y)[] points, string xLabel, string yLabel)
    {
        var max = Math.Max(points.Max(p => Math.Max(p.X, p.Y)), 1e-6) * 1.1;
        var svg = Begin();
        Axes(svg, xLabel, yLabel, $"{max:P1}");
        svg.AppendLine($"<line x1='{X(0, max)}' y1='{Y(0, max)}' x2='{X(max, max)}' y2='{Y(max, max)}' stroke='#999' stroke-dasharray='4'/>");
        foreach (var (x, y) in points)
        {
            svg.AppendLine($"<circle cx='{X(x, max):F1}' cy='{Y(y, max):F1}' r='5' fill='#c0392b'/>");
        }

        return End(svg);
    }

    public static string Bars((string Label, double Value)[] bars, string title)
    {
        var height = 30 + (bars.Length * 24);
        var max = bars.Max(b => b.Value);
        var svg = new StringBuilder($"<svg xmlns='http://www.w3.org/2000/svg' width='{Width + 200}' height='{height}' font-family='Noto Sans CJK SC, sans-serif' font-size='12'>\n");
        svg.AppendLine($"<text x='10' y='16'>{title}</text>");
        for (var i = 0; i < bars.Length; i++)
        {
            var y = 24 + (i * 24);
            var w = bars[i].Value / max * 300;
            svg.AppendLine($"<text x='{Width - 110}' y='{y + 14}' text-anchor='end'>{Escape(bars[i].Label)}</text>");
            svg.AppendLine($"<rect x='{Width - 100}' y='{y}' width='{w:F1}' height='18' fill='#2e86c1'/>");
            svg.AppendLine($"<text x='{Width - 95 + w:F1}' y='{y + 14}'>{bars[i].Value:F3}</text>");
        }

        return End(svg);
    }

    public static string GroupedBars((string Group, double[] Values)[] groups, string[] series, string title)
    {
        string[] colours = ["#2e86c1", "#aab7b8", "#f5b041"];
        var max = groups.Max(g => g.Values.Max()) * 1.1;
        var svg = Begin();
        Axes(svg, "", title, $"{max:F1}");
        var slot = (Width - (2 * Margin)) / (double)groups.Length;
        for (var g = 0; g < groups.Length; g++)
        {
            for (var s = 0; s < series.Length; s++)
            {
                var x = Margin + (g * slot) + 10 + (s * (slot - 20) / series.Length);
                var h = groups[g].Values[s] / max * (Height - (2 * Margin));
                svg.AppendLine($"<rect x='{x:F1}' y='{Height - Margin - h:F1}' width='{((slot - 20) / series.Length) - 2:F1}' height='{h:F1}' fill='{colours[s]}'/>");
            }

            svg.AppendLine($"<text x='{Margin + (g * slot) + (slot / 2):F1}' y='{Height - Margin + 16}' text-anchor='middle'>{Escape(groups[g].Group)}</text>");
        }

        for (var s = 0; s < series.Length; s++)
        {
            svg.AppendLine($"<rect x='{Width - 150}' y='{10 + (s * 16)}' width='10' height='10' fill='{colours[s]}'/><text x='{Width - 135}' y='{19 + (s * 16)}'>{series[s]}</text>");
        }

        return End(svg);
    }

    public static string Fan((int Year, double Value)[] actual, (int Year, double Value)[] backtest, (int Year, double Forecast, double Lower, double Upper)[] forecast)
    {
        var years = actual.Select(a => a.Year).Concat(forecast.Select(f => f.Year)).ToArray();
        var (y0, y1) = (years.Min() - 0.5, years.Max() + 0.5);
        var values = actual.Select(a => a.Value).Concat(backtest.Select(b => b.Value)).Concat(forecast.SelectMany(f => new[] { f.Lower, f.Upper })).ToArray();
        var (v0, v1) = (values.Min() * 0.95, values.Max() * 1.05);
        double Px(double year) => Margin + ((year - y0) / (y1 - y0) * (Width - (2 * Margin)));
        double Py(double value) => Height - Margin - ((value - v0) / (v1 - v0) * (Height - (2 * Margin)));
        var svg = Begin();
        svg.AppendLine($"<line x1='{Margin}' y1='{Height - Margin}' x2='{Width - Margin}' y2='{Height - Margin}' stroke='black'/>");
        foreach (var year in years.Distinct())
        {
            svg.AppendLine($"<text x='{Px(year):F1}' y='{Height - Margin + 16}' text-anchor='middle'>{year}</text>");
        }

        svg.AppendLine($"<text x='5' y='{Margin - 10}'>{v1:N0} yuan</text><text x='5' y='{Height - Margin}'>{v0:N0}</text>");
        var band = string.Join(' ', forecast.Select(f => $"{Px(f.Year):F1},{Py(f.Upper):F1}").Concat(forecast.Reverse().Select(f => $"{Px(f.Year):F1},{Py(f.Lower):F1}")));
        svg.AppendLine($"<polygon points='{band}' fill='#d6eaf8'/>");
        svg.AppendLine($"<polyline points='{string.Join(' ', actual.Select(a => $"{Px(a.Year):F1},{Py(a.Value):F1}"))}' fill='none' stroke='black' stroke-width='2'/>");
        svg.AppendLine($"<polyline points='{string.Join(' ', forecast.Select(f => $"{Px(f.Year):F1},{Py(f.Forecast):F1}"))}' fill='none' stroke='#2e86c1' stroke-width='2' stroke-dasharray='5'/>");
        foreach (var (year, value) in backtest)
        {
            svg.AppendLine($"<circle cx='{Px(year):F1}' cy='{Py(value):F1}' r='4' fill='#f5b041'/>");
        }

        return End(svg);
    }

    private static StringBuilder Begin() =>
        new($"<svg xmlns='http://www.w3.org/2000/svg' width='{Width}' height='{Height}' font-family='Noto Sans CJK SC, sans-serif' font-size='12'>\n");

    private static string End(StringBuilder svg) => svg.AppendLine("</svg>").ToString();

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, string maxLabel)
    {
        svg.AppendLine($"<line x1='{Margin}' y1='{Height - Margin}' x2='{Width - Margin}' y2='{Height - Margin}' stroke='black'/>");
        svg.AppendLine($"<line x1='{Margin}' y1='{Margin}' x2='{Margin}' y2='{Height - Margin}' stroke='black'/>");
        svg.AppendLine($"<text x='{Width / 2}' y='{Height - 10}' text-anchor='middle'>{Escape(xLabel)}</text>");
        svg.AppendLine($"<text x='10' y='{Margin - 20}'>{Escape(yLabel)}</text>");
        svg.AppendLine($"<text x='{Margin - 5}' y='{Margin + 4}' text-anchor='end'>{maxLabel}</text>");
    }

    private static double X(double value, double max) => Margin + (value / max * (Width - (2 * Margin)));

    private static double Y(double value, double max) => Height - Margin - (value / max * (Height - (2 * Margin)));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
