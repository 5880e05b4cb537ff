using System.CommandLine;
using System.Globalization;
using RevivalAnalytics.Data.Import;
using RevivalAnalytics.Data.Versions;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival import</c>, <c>revival versions</c> (and <c>versions prune</c>, in PruneCommand), <c>revival rollback</c>: the versioned data directory (docs/import.md).</summary>
internal static class ImportCommand
{
    private const int ListedProblems = 50;

    public static Option<string> DataOption() => new("--data")
    {
        Description = "数据目录 / data directory (default: $REVIVAL_DATA or ./data)",
        DefaultValueFactory = _ => DataStore.DefaultDataDirectory,
    };

    public static Command Create()
    {
        WidenRedirectedOutput();
        var export = new Argument<string>("DIR") { Description = "导出目录 / export folder to import" };
        var data = DataOption();
        var command = new Command("import", "校验并导入一个导出批次,发布为新的数据版本 / validate an export and publish it as a new data version") { export, data };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(parseResult.GetValue(export)!, parseResult.GetValue(data)!, cancellationToken)));
        return command;
    }

    public static Command CreateVersions()
    {
        var data = DataOption();
        var command = new Command("versions", "列出数据版本;prune 删除旧版本 / list data versions; prune removes old ones") { data };
        command.SetAction(parseResult => ListVersions(parseResult.GetValue(data)!));
        command.Subcommands.Add(PruneCommand.Create());
        return command;
    }

    public static Command CreateRollback()
    {
        var version = new Argument<string>("VERSION") { Description = "要恢复的版本号,如 v0002 / version id to make current, e.g. v0002" };
        var data = DataOption();
        var command = new Command("rollback", "切换当前数据版本 / make an earlier version current") { version, data };
        command.SetAction(parseResult => Rollback(parseResult.GetValue(version)!, parseResult.GetValue(data)!));
        return command;
    }

    private static int Run(string export, string data, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(export))
        {
            Console.Error.WriteLine($"导出目录不存在:{export} / export folder not found: {export}");
            return 2;
        }

        var store = DataStore.Open(data);
        ImportReport report;
        try
        {
            report = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("导入 / import", maxValue: 1);
                    var progress = new SynchronousProgress(p =>
                    {
                        task.MaxValue = p.Steps;
                        task.Value = p.Step;
                        task.Description = Markup.Escape(p.Description);
                    });
                    report = store.Import(export, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }
        catch (IOException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("已取消,当前版本未变。Cancelled; the current version is unchanged.");
            return 130;
        }

        Print(report);
        CliStore.Record(data, RevivalAnalytics.AppStore.Audit.AuditActions.Import, report.CurrentVersion, $"{export}: {report.Summary}", report.Tables.Sum(t => t.Published), report.Outcome != ImportOutcome.Rejected);
        return report.Outcome == ImportOutcome.Rejected ? 1 : 0;
    }

    private static void Print(ImportReport report)
    {
        if (report.Tables.Count > 0)
        {
            var tables = new Table().AddColumns("表 / table", "读取 / read", "发布 / published", "隔离 / quarantined");
            foreach (var t in report.Tables)
            {
                tables.AddRow(t.Table, N(t.Rows), N(t.Published), t.Quarantined == 0 ? "0" : $"[yellow]{N(t.Quarantined)}[/]");
            }

            AnsiConsole.Write(tables);
        }

        if (report.ProblemCounts.Count > 0)
        {
            var rules = new Table().AddColumns("规则 / rule", "处理 / effect", "说明 / meaning", "数量 / count");
            foreach (var (id, count) in report.ProblemCounts.OrderByDescending(kv => kv.Value))
            {
                var rule = ImportRules.Get(id);
                rules.AddRow(id, Effect(rule.Severity), Markup.Escape($"{rule.TitleZh} / {rule.TitleEn}"), N(count));
            }

            AnsiConsole.Write(rules);
            // One line per problem: messages are long, and a table would wrap them mid-word.
            // Rows carrying a reason before the rows quarantined with them (their spell or parent), file order within each.
            foreach (var problem in report.Problems.OrderByDescending(p => p.Severity).ThenBy(p => p.KnockOn).Take(ListedProblems))
            {
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "{0} {1} {2}", Effect(problem.Severity), problem.Rule, Markup.Escape(problem.Message));
            }
            var total = report.ProblemCounts.Values.Sum();
            if (total > ListedProblems)
            {
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "仅列出前 {0} 条,共 {1} 条;完整清单见版本的 quarantine/problems.parquet / first {0} of {1} listed; the full list is in the version's quarantine/problems.parquet", ListedProblems, N(total));
            }
        }

        var color = report.Outcome switch { ImportOutcome.Published => "green", ImportOutcome.Unchanged => "blue", _ => "red" };
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[{0}]{1}[/] ({2:N1} s)", color, Markup.Escape(report.Summary), report.Elapsed.TotalSeconds);
    }

    private static int ListVersions(string data)
    {
        var store = DataStore.Open(data);
        var current = store.CurrentVersion;
        var versions = store.StoredVersions();
        if (versions.Count == 0)
        {
            Console.WriteLine($"数据目录 {store.DataDirectory} 中还没有版本 / no versions in {store.DataDirectory} yet");
            return 0;
        }

        var table = new Table().AddColumns("", "版本 / version", "创建 / created (UTC)", "年份 / years", "农户 / households", "农户年度 / household-years", "隔离行 / quarantined", "问题 / problems", "大小 / size", "指纹 / fingerprint");
        foreach (var (v, bytes, _) in versions)
        {
            table.AddRow(
                v.Id == current ? "[green]*[/]" : "",
                v.Id,
                v.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                $"{v.Years[0]}-{v.Years[1]}",
                N(v.Rows.GetValueOrDefault("households")),
                N(v.Rows.GetValueOrDefault("household_years")),
                N(v.QuarantinedRows.Values.Sum()),
                N(v.Problems.Values.Sum()),
                PruneCommand.Size(bytes),
                v.SourceFingerprint[..12]);
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static int Rollback(string version, string data)
    {
        var store = DataStore.Open(data);
        try
        {
            var restored = store.Rollback(version);
            Console.WriteLine($"当前版本已切换为 {restored.Id} / current version is now {restored.Id}");
            CliStore.Record(data, RevivalAnalytics.AppStore.Audit.AuditActions.Rollback, restored.Id, $"rollback to {restored.Id}", null, true);
            return 0;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message.Split(" (Parameter")[0]);
            return 2;
        }
        catch (IOException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
    }

    private static string Effect(ProblemSeverity severity) => severity switch
    {
        ProblemSeverity.Reject => "[red]拒绝 / reject[/]",
        ProblemSeverity.Quarantine => "[yellow]隔离 / quarantine[/]",
        _ => "提示 / warning",
    };

    // Spectre.Console renders to 80 columns when output is redirected and then fails to wrap some CJK cells.
    internal static void WidenRedirectedOutput()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 200;
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
