using System.CommandLine;
using System.Globalization;
using System.Text;
using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Models;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival train</c>, <c>revival evaluate</c>, <c>revival predict</c>: the models of docs/models.md.</summary>
internal static class ModelCommands
{
    private static readonly string[] s_classNames = ["", .. DataContract.Labels("county_class").OrderBy(c => c.Key).Select(c => $"{c.Value.Zh} {c.Value.En}")];

    public static IEnumerable<Command> Create()
    {
        yield return CreateTrain();
        yield return CreateEvaluate();
        yield return CreatePredict();
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "数据导出目录或数据目录(读取当前版本);省略时为 --data-dir / an export folder, or a data directory (its current version); default: --data-dir",
    };

    // --data takes an export folder or a data directory (its current version), as `revival query` does; without it the
    // current version of --data-dir is read. Models live under --data-dir either way.
    private static AnalyticsContext Open(ParseResult parse, Option<string> data, Option<string> dataDir, int? threads = null) =>
        AnalyticsContext.Open(
            parse.GetValue(data) is { Length: > 0 } given ? given : parse.GetValue(dataDir)!,
            new AnalyticsOptions { Threads = threads, ModelDirectory = parse.GetValue(dataDir)! });

    private static Option<string> DataDirOption() => new("--data-dir")
    {
        Description = "数据目录,模型存于其下 models/ / data directory; models live under its models/ (default: REVIVAL_DATA or ./data)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REVIVAL_DATA") is { Length: > 0 } fromEnvironment ? fromEnvironment : Path.Combine(".", "data"),
    };

    private static Option<string> WhichOption() => new("--model")
    {
        Description = "risk | income | all",
        DefaultValueFactory = _ => "all",
    };

    private static Command CreateTrain()
    {
        var data = DataOption();
        var dataDir = DataDirOption();
        var which = WhichOption();
        var seed = new Option<int>("--seed") { Description = "随机种子 / seed: same data, seed and threads give the same model", DefaultValueFactory = _ => 20210101 };
        var threads = new Option<int>("--threads") { Description = "线程数 / threads (fixed for reproducibility)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("train", "训练模型并保存新版本 / train the models and store a new version") { data, dataDir, which, seed, threads };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Guarded(() =>
        {
            var kinds = Kinds(parse.GetValue(which)!);
            using var analytics = Open(parse, data, dataDir, parse.GetValue(threads));
            var source = analytics.ModelData;
            var store = new ModelStore(parse.GetValue(dataDir)!);
            var saved = new List<(string Kind, string Folder)>();
            RiskModel? risk = null;
            IncomeForecastModel? income = null;
            try
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(context =>
                    {
                        if (kinds.Contains(RiskModel.Kind))
                        {
                            var task = context.AddTask("返贫风险 / return-to-poverty risk", maxValue: 1);
                            risk = RiskModel.Train(
                                source,
                                new RiskModelOptions { Seed = parse.GetValue(seed), Threads = parse.GetValue(threads) },
                                new SynchronousProgress(p => Update(task, p)),
                                cancellationToken);
                            saved.Add((RiskModel.Kind, risk.Save(store)));
                            task.Value = task.MaxValue;
                        }

                        if (kinds.Contains(IncomeForecastModel.Kind))
                        {
                            var task = context.AddTask("县域收入 / county income", maxValue: 1);
                            income = IncomeForecastModel.Train(
                                source,
                                new IncomeModelOptions(),
                                new SynchronousProgress(p => Update(task, p)),
                                cancellationToken);
                            saved.Add((IncomeForecastModel.Kind, income.Save(store)));
                            task.Value = task.MaxValue;
                        }
                    });
                if (risk is not null)
                {
                    WriteRisk(risk.Metadata);
                }

                if (income is not null)
                {
                    WriteIncome(income.Metadata);
                }

                foreach (var (kind, folder) in saved)
                {
                    AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[green]已保存 / saved[/] {0}: {1}", kind, Markup.Escape(folder));
                }

                CliStore.Record(parse.GetValue(dataDir)!, RevivalAnalytics.AppStore.Audit.AuditActions.Train, string.Join(",", saved.Select(s => s.Kind)), string.Join("; ", saved.Select(s => s.Folder)), null, true);
            }
            finally
            {
                risk?.Dispose();
                income?.Dispose();
            }

            return 0;
        })));
        return command;
    }

    private static Command CreateEvaluate()
    {
        var dataDir = DataDirOption();
        var which = WhichOption();
        var id = new Option<string?>("--id") { Description = "模型编号,默认最新 / model id (default: the latest)" };
        var oracle = new Option<bool>("--oracle")
        {
            Description = "与生成器的真值比较(需 --data 指向 revival generate 的导出)/ compare with the generator's truth (needs --data: an export of revival generate)",
        };
        var data = new Option<string?>("--data") { Description = "数据导出目录(用于 --oracle)/ the export folder (for --oracle)" };
        var replicates = new Option<int>("--replicates") { Description = "真值模拟次数(越多越准,AUC 随之上升)/ oracle repetitions per household (more give a sharper, higher oracle)", DefaultValueFactory = _ => 1000 };
        var command = new Command("evaluate", "显示已存模型的评估 / show the stored models' held-out evaluation") { dataDir, which, id, oracle, data, replicates };
        command.SetAction(parse => Guarded(() =>
        {
            var store = new ModelStore(parse.GetValue(dataDir)!);
            var kinds = Kinds(parse.GetValue(which)!);
            GeneratorOracle? truth = null;
            AnalyticsContext? analytics = null;
            try
            {
                if (parse.GetValue(oracle))
                {
                    var folder = parse.GetValue(data) ?? throw new ModelException(ModelErrorKind.DataMissing, "--oracle 需要 --data 指向生成的导出目录。--oracle needs --data: the folder of a generated export.");
                    try
                    {
                        truth = GeneratorOracle.ForExport(folder);
                    }
                    catch (InvalidOperationException error)
                    {
                        throw new ModelException(ModelErrorKind.DataMissing, error.Message, error);
                    }

                    analytics = AnalyticsContext.Open(folder);
                }

                if (kinds.Contains(RiskModel.Kind))
                {
                    using var risk = RiskModel.Load(store, kinds.Length == 1 ? parse.GetValue(id) : null, 1);
                    WriteRisk(risk.Metadata);
                    if (truth is not null)
                    {
                        WriteRiskOracle(risk, analytics!.ModelData, truth, parse.GetValue(replicates));
                    }
                }

                if (kinds.Contains(IncomeForecastModel.Kind))
                {
                    using var income = IncomeForecastModel.Load(store, kinds.Length == 1 ? parse.GetValue(id) : null, 1);
                    WriteIncome(income.Metadata);
                    if (truth is not null)
                    {
                        WriteIncomeOracle(analytics!.ModelData, truth);
                    }
                }
            }
            finally
            {
                analytics?.Dispose();
            }

            return 0;
        }));
        return command;
    }

    private static void WriteRiskOracle(RiskModel risk, ModelDataSource data, GeneratorOracle truth, int replicates)
    {
        var test = risk.Evaluation.TestCutoff;
        var known = truth.ReturnProbabilities(test, replicates);
        var atCutoff = truth.ReturnProbabilities(test, replicates, provinceYearKnown: false);
        var withKnown = risk.CompareWith(data, household => known[household - 1]);
        var withAtCutoff = risk.CompareWith(data, household => atCutoff[household - 1]);
        AnsiConsole.MarkupLine(
            CultureInfo.InvariantCulture,
            "[bold]与真值比较 / against the truth[/] (测试年 / test cutoff {0}; 真值 = 生成器自身的概率 / oracle = the generator's own probability, {1} 次模拟 / repetitions)",
            test, replicates);
        var table = new Table().AddColumns(
            "范围 / scope", "模型 ROC-AUC / model", "真值 ROC-AUC (已知次年县灾情) / oracle", "真值 (截止时可知) / oracle at cutoff", "模型 PR-AUC", "真值 PR-AUC / oracle", "真值 (截止时) / at cutoff");
        void Add(string name, BinaryScores model, BinaryScores oracleKnown, BinaryScores oracleAtCutoff) => table.AddRow(
            name,
            model.RocAuc.ToString("F3", CultureInfo.InvariantCulture),
            oracleKnown.RocAuc.ToString("F3", CultureInfo.InvariantCulture),
            oracleAtCutoff.RocAuc.ToString("F3", CultureInfo.InvariantCulture),
            model.PrAuc.ToString("F3", CultureInfo.InvariantCulture),
            oracleKnown.PrAuc.ToString("F3", CultureInfo.InvariantCulture),
            oracleAtCutoff.PrAuc.ToString("F3", CultureInfo.InvariantCulture));
        Add("全部 / all", withKnown.Model, withKnown.Oracle, withAtCutoff.Oracle);
        for (var i = 0; i < withKnown.ByClass.Count; i++)
        {
            Add(s_classNames[withKnown.ByClass[i].CountyClass], withKnown.ByClass[i].Model, withKnown.ByClass[i].Oracle, withAtCutoff.ByClass[i].Oracle);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(
            CultureInfo.InvariantCulture,
            "差距 / gap: 真值 − 模型 / oracle − model {0:F3} ROC-AUC; 截止时可知的真值 − 模型 / oracle at cutoff − model {1:F3} (目标 / goal ≤ 0.02)",
            withKnown.AucGap, withAtCutoff.AucGap);
    }

    private static void WriteIncomeOracle(ModelDataSource data, GeneratorOracle truth)
    {
        var rows = IncomeForecastModel.CompareWith(IncomeForecastModel.RunBacktest(data), truth.ExpectedIncome);
        AnsiConsole.MarkupLine("[bold]与真实路径比较 / against the true paths[/] (生成器中去掉年度噪声的县收入 / the generator's county incomes without their yearly noise)");
        var table = new Table().AddColumns("类别 / class", "h", "n", "MAPE % 模型 / model", "MAPE % 真实路径 / true path", "模型距真实路径 % / model to true path");
        foreach (var a in rows)
        {
            table.AddRow(
                a.CountyClass == 0 ? "全部 all" : s_classNames[a.CountyClass],
                a.Horizon == 0 ? "1–3" : a.Horizon.ToString(CultureInfo.InvariantCulture),
                a.Forecasts.ToString(CultureInfo.InvariantCulture),
                a.ModelMape.ToString("F2", CultureInfo.InvariantCulture),
                a.TruthMape.ToString("F2", CultureInfo.InvariantCulture),
                a.ModelToTruthMape.ToString("F2", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static Command CreatePredict()
    {
        var data = DataOption();
        var dataDir = DataDirOption();
        var county = new Option<int?>("--county") { Description = "县代码,列出该县风险最高的农户 / county code: list its highest-risk households" };
        var top = new Option<int>("--top") { Description = "列出户数 / households to list", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "输出目录(CSV) / folder for household_risk.csv, county_risk.csv, county_forecast.csv" };
        var command = new Command("predict", "用最新模型预测 / score households and forecast counties with the latest models") { data, dataDir, county, top, output };
        command.SetAction(parse => Guarded(() =>
        {
            var store = new ModelStore(parse.GetValue(dataDir)!);
            using var risk = RiskModel.Load(store);
            using var income = IncomeForecastModel.Load(store);
            using var analytics = Open(parse, data, dataDir);
            var source = analytics.ModelData;
            RiskScores? scores = null;
            IReadOnlyList<CountyIncomeForecast> forecasts = [];
            AnsiConsole.Status().Start("预测中 / predicting", _ =>
            {
                scores = risk.Score(source);
                forecasts = income.Forecast(source);
            });

            var byClass = new Table().AddColumns("类别 / class", "户 / households", "平均风险 / mean risk", "预计返贫户 / expected (90%)", "全省加权 / weighted (90%)");
            foreach (var row in scores!.ByClass())
            {
                byClass.AddRow(
                    s_classNames[row.Key],
                    row.Households.ToString("N0", CultureInfo.InvariantCulture),
                    row.MeanProbability.ToString("P2", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{row.ExpectedCount:N0} ({row.Lower:N0}–{row.Upper:N0})"),
                    string.Create(CultureInfo.InvariantCulture, $"{row.WeightedExpected:N0} ({row.WeightedLower:N0}–{row.WeightedUpper:N0})"));
            }

            AnsiConsole.Write(byClass);
            var highest = scores.Highest(parse.GetValue(top), parse.GetValue(county));
            var factors = scores.TopFactors(highest.Select(h => h.HouseholdId));
            var list = new Table().AddColumns("户编号 / household", "县 / county", "风险 / risk", "主要因素 / top factors");
            foreach (var h in highest)
            {
                list.AddRow(
                    h.HouseholdId.ToString(CultureInfo.InvariantCulture),
                    h.CountyCode.ToString(CultureInfo.InvariantCulture),
                    h.Probability.ToString("P1", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join("; ", factors[h.HouseholdId].Select(f => $"{f.Chinese} ({f.English})"))));
            }

            AnsiConsole.Write(list);
            if (parse.GetValue(output) is { } folder)
            {
                WriteCsv(folder, scores, forecasts);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[green]已写出 / written[/] {0}", Markup.Escape(Path.GetFullPath(folder)));
            }

            return 0;
        }));
        return command;
    }

    private static void WriteCsv(string folder, RiskScores scores, IReadOnlyList<CountyIncomeForecast> forecasts)
    {
        Directory.CreateDirectory(folder);
        var households = new StringBuilder("household_id,county_code,county_class,cutoff_year,probability\n");
        foreach (var h in scores.Households)
        {
            households.Append(CultureInfo.InvariantCulture, $"{h.HouseholdId},{h.CountyCode},{h.CountyClass},{h.CutoffYear},{h.Probability:R}\n");
        }

        File.WriteAllText(Path.Combine(folder, "household_risk.csv"), households.ToString());
        var counties = new StringBuilder("county_code,households,mean_probability,expected,lower90,upper90,weighted_expected,weighted_lower90,weighted_upper90\n");
        foreach (var c in scores.ByCounty())
        {
            counties.Append(CultureInfo.InvariantCulture, $"{c.Key},{c.Households},{c.MeanProbability:R},{c.ExpectedCount:R},{c.Lower:R},{c.Upper:R},{c.WeightedExpected:R},{c.WeightedLower:R},{c.WeightedUpper:R}\n");
        }

        File.WriteAllText(Path.Combine(folder, "county_risk.csv"), counties.ToString());
        var income = new StringBuilder("county_code,county_class,origin_year,year,horizon,origin_income,forecast,lower,upper\n");
        foreach (var f in forecasts)
        {
            income.Append(CultureInfo.InvariantCulture, $"{f.CountyCode},{f.CountyClass},{f.OriginYear},{f.Year},{f.Horizon},{f.OriginIncome:R},{f.Forecast:R},{f.Lower:R},{f.Upper:R}\n");
        }

        File.WriteAllText(Path.Combine(folder, "county_forecast.csv"), income.ToString());
    }

    private static void WriteRisk(ModelMetadata metadata)
    {
        var e = metadata.RiskEvaluation!;
        AnsiConsole.MarkupLine(
            CultureInfo.InvariantCulture,
            "[bold]返贫风险模型 / risk model[/] {0}: 训练 / train {1}–{2}, 校准 / calibration {3}, 测试 / test {4} (截止年 / cutoff years; 标签为次年 / labels of the next year)",
            metadata.Id, e.TrainFirstCutoff, e.TrainLastCutoff, e.CalibrationCutoff, e.TestCutoff);
        var table = new Table().AddColumns("范围 / scope", "户 / rows", "返贫 / positives", "ROC-AUC", "PR-AUC", "Brier", "预计 / expected");
        void Add(string name, BinaryScores s) => table.AddRow(
            name,
            s.Rows.ToString("N0", CultureInfo.InvariantCulture),
            s.Positives.ToString("N0", CultureInfo.InvariantCulture),
            s.RocAuc.ToString("F3", CultureInfo.InvariantCulture),
            s.PrAuc.ToString("F3", CultureInfo.InvariantCulture),
            s.Brier.ToString("F4", CultureInfo.InvariantCulture),
            s.ExpectedPositives.ToString("N0", CultureInfo.InvariantCulture));
        Add("全部 / all", e.Test);
        Add("全部,未校准 / all, uncalibrated", e.TestUncalibrated);
        foreach (var c in e.ByClass)
        {
            Add(s_classNames[c.CountyClass], c.Scores);
        }

        AnsiConsole.Write(table);
        var reliability = new Table().AddColumns("预测区间 / predicted range", "户 / rows", "平均预测 / mean predicted", "实际 / observed");
        foreach (var b in e.Reliability)
        {
            reliability.AddRow(
                string.Create(CultureInfo.InvariantCulture, $"{b.Lower:P2}–{b.Upper:P2}"),
                b.Rows.ToString("N0", CultureInfo.InvariantCulture),
                b.MeanPredicted.ToString("P2", CultureInfo.InvariantCulture),
                b.ObservedRate.ToString("P2", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(reliability);
        AnsiConsole.MarkupLine("主要因素(打乱后 AUC 下降)/ top factors (ROC-AUC decrease when shuffled): " + Markup.Escape(string.Join(", ", e.TopFactors.Take(6).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Chinese} ({f.English}) {f.AucDecrease:F3}")))));
    }

    private static void WriteIncome(ModelMetadata metadata)
    {
        var b = metadata.IncomeBacktest!;
        AnsiConsole.MarkupLine(
            CultureInfo.InvariantCulture,
            "[bold]县域收入模型 / income model[/] {0}: 滚动回测起点 / backtest origins {1}–{2}, 区间 / interval {3:P0}",
            metadata.Id, b.FirstOrigin, b.LastOrigin, b.IntervalLevel);
        // Few, narrow columns: Spectre cannot fit ten columns into an 80-column terminal.
        var table = new Table().AddColumns("类别 / class", "h", "n", "MAPE % 模型/上年/同类 (model/last/class)", "MASE 模型/上年/同类", "覆盖 / cover (n)");
        foreach (var a in b.Accuracy)
        {
            table.AddRow(
                a.CountyClass == 0 ? "全部 all" : s_classNames[a.CountyClass],
                a.Horizon == 0 ? "1–3" : a.Horizon.ToString(CultureInfo.InvariantCulture),
                a.Forecasts.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{a.ModelMape:F2} / {a.LastGrowthMape:F2} / {a.ClassGrowthMape:F2}"),
                // Three decimals: three years ahead the model's margin over the class mean is in the third.
                string.Create(CultureInfo.InvariantCulture, $"{a.ModelMase:F3} / {a.LastGrowthMase:F3} / {a.ClassGrowthMase:F3}"),
                double.IsNaN(a.Coverage) ? "–" : string.Create(CultureInfo.InvariantCulture, $"{a.Coverage:P0} ({a.CoverageForecasts})"));
        }

        AnsiConsole.Write(table);
    }

    private static void Update(ProgressTask task, ModelProgress progress)
    {
        task.Description = progress.Stage;
        task.MaxValue = Math.Max(1, progress.Steps);
        task.Value = progress.Step;
    }

    private static string[] Kinds(string which) => which switch
    {
        "all" => [RiskModel.Kind, IncomeForecastModel.Kind],
        RiskModel.Kind => [RiskModel.Kind],
        IncomeForecastModel.Kind => [IncomeForecastModel.Kind],
        _ => throw new ModelException(ModelErrorKind.ModelMismatch, $"参数 --model 无效:\"{which}\",应为 risk、income 或 all。Invalid --model \"{which}\": expected risk, income or all."),
    };

    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ModelException error)
        {
            Console.Error.WriteLine(error.Message);
            return error.Kind is ModelErrorKind.InsufficientHistory or ModelErrorKind.DataMissing ? 2 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("已取消,未保存模型。Cancelled; no model was saved.");
            return 130;
        }
    }

    private sealed class SynchronousProgress(Action<ModelProgress> report) : IProgress<ModelProgress>
    {
        public void Report(ModelProgress value) => report(value);
    }
}
