using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics.Data.Generation;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival generate</c>: writes a synthetic, contract-conformant export (docs/data-generator.md).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "输出目录 / output folder for the export",
            Required = true,
        };
        var households = new Option<int>("--households")
        {
            Description = "样本户数 / households in the sample (demo 20000; up to 2000000 and more)",
            DefaultValueFactory = _ => 20_000,
        };
        var years = new Option<string>("--years")
        {
            Description = "年份范围 / year range, e.g. 2016-2025",
            DefaultValueFactory = _ => "2016-2025",
        };
        var seed = new Option<long>("--seed")
        {
            Description = "随机种子 / seed: the same seed gives the same data",
            DefaultValueFactory = _ => 20210101,
        };
        var threads = new Option<int?>("--threads")
        {
            Description = "并行线程数 / threads (default: all cores); does not change the data",
        };
        var force = new Option<bool>("--force")
        {
            Description = "覆盖已有目录 / replace an existing non-empty output folder",
        };

        var command = new Command("generate", "生成演示数据集 / generate a synthetic Shanxi dataset as a Parquet export")
        {
            output, households, years, seed, threads, force,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(output)!,
            parseResult.GetValue(households),
            parseResult.GetValue(years)!,
            parseResult.GetValue(seed),
            parseResult.GetValue(threads),
            parseResult.GetValue(force),
            cancellationToken)));
        return command;
    }

    private static int Run(string output, int households, string years, long seed, int? threads, bool force, CancellationToken cancellationToken)
    {
        if (!TryParseYears(years, out var firstYear, out var lastYear))
        {
            Console.Error.WriteLine($"参数 --years 无效:\"{years}\",应为 起始年-结束年(如 2016-2025)。Invalid --years \"{years}\": expected FIRST-LAST, e.g. 2016-2025.");
            return 2;
        }

        GeneratorOptions options;
        try
        {
            options = new GeneratorOptions
            {
                Households = households,
                FirstYear = firstYear,
                LastYear = lastYear,
                Seed = seed,
                MaxDegreeOfParallelism = threads,
            };
            _ = new DemoDataGenerator(options);
        }
        catch (ArgumentOutOfRangeException error)
        {
            Console.Error.WriteLine($"参数无效 / invalid option ({error.ParamName}): {error.Message}");
            return 2;
        }

        var watch = Stopwatch.StartNew();
        IReadOnlyList<ExportedTable> written = [];
        try
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"生成 {households:N0} 户 / generating {households:N0} households", maxValue: households);
                    var progress = new SynchronousProgress(p =>
                    {
                        task.Value = p.HouseholdsDone;
                        task.Description = $"{Stage(p.Stage)} {p.HouseholdsDone:N0}/{p.HouseholdsTotal:N0} 户 / households, {p.RowsProduced:N0} 行 / rows";
                    });
                    written = DemoDataExport.Write(output, options, force, progress, cancellationToken);
                    task.Value = households;
                });
        }
        catch (IOException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("已取消,未留下不完整的导出。Cancelled; no partial export was left behind.");
            return 130;
        }

        var table = new Table().AddColumns("表 / table", "行 / rows", "文件 / files");
        foreach (var t in written)
        {
            table.AddRow(t.Table, t.Rows.ToString("N0", CultureInfo.InvariantCulture), t.Files.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var bytes = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[green]完成 / done[/] {0} — {1:N1} MB, {2:N1} s", Markup.Escape(Path.GetFullPath(output)), bytes / 1e6, watch.Elapsed.TotalSeconds);
        return 0;
    }

    private static string Stage(string stage) => stage switch
    {
        "province" => "县域与村级表 / province tables",
        _ => "农户 / households",
    };

    internal static bool TryParseYears(string text, out int firstYear, out int lastYear)
    {
        firstYear = lastYear = 0;
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out firstYear))
        {
            lastYear = firstYear;
            return true;
        }

        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out firstYear)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out lastYear)
            && firstYear <= lastYear;
    }

    private sealed class SynchronousProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
