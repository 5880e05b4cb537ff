using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival assess</c>: computes a year's post-assessment from a scheme and entries and writes the scores
/// workbook and the PDF reports (docs/assessment.md); sub-commands write a scheme file, an entry template and a
/// county's field list.</summary>
internal static class AssessCommand
{
    private const int BadArguments = 2;

    public static Command Create()
    {
        var data = DataOption();
        var year = YearOption();
        var scheme = SchemeOption();
        var entries = new Option<string[]>("--entries")
        {
            Description = "录入文件(XLSX 模板,可多个)/ filled-in entry templates (XLSX), repeatable",
            AllowMultipleArgumentsPerToken = true,
        };
        var fieldResults = new Option<string?>("--field-results")
        {
            Description = "实地核查结果目录,内含 field-<县代码>.xlsx(按 --seed 重抽同一样本)/ folder of filled-in field lists field-<county>.xlsx (the samples are redrawn with --seed)",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "演示:自动生成录入分数,并由演示核查组按植入真值作答 / demo: generated entries, and the demo field team answers from the planted truth",
        };
        var seed = SeedOption();
        var output = new Option<string>("--out") { Description = "输出目录 / output folder", Required = true };
        var counties = new Option<int[]>("--county")
        {
            Description = "只输出这些县的 PDF(默认全部)/ county PDFs only for these codes (default: all)",
            AllowMultipleArgumentsPerToken = true,
        };
        var user = new Option<string>("--user")
        {
            Description = "录入人(导入的分数记在其名下)/ the user imported entries are attributed to",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var deadline = new Option<int>("--deadline-days")
        {
            Description = "整改期限:自今日起天数 / days from today to rectify problems",
            DefaultValueFactory = _ => 90,
        };

        var command = new Command("assess", "计算年度后评估并输出成绩表与 PDF 报告 / score a year's post-assessment and write the scores workbook and PDF reports")
        {
            data, year, scheme, entries, fieldResults, demo, seed, output, counties, user, deadline,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Guarded(() => Run(
            parse.GetValue(data)!, parse.GetValue(year), parse.GetValue(scheme), parse.GetValue(entries) ?? [], parse.GetValue(fieldResults),
            parse.GetValue(demo), parse.GetValue(seed), parse.GetValue(output)!, parse.GetValue(counties) ?? [], parse.GetValue(user)!,
            parse.GetValue(deadline), cancellationToken))));
        command.Subcommands.Add(CreateScheme());
        command.Subcommands.Add(CreateTemplate());
        command.Subcommands.Add(CreateSample());
        command.Subcommands.Add(AssessDemoYearCommand.Create());
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "数据导出目录或数据目录(当前版本)/ an export folder, or a data directory (its current version)",
        DefaultValueFactory = _ => DataDirectory.Default(),
    };

    private static Option<int> YearOption() => new("--year") { Description = "评估年度 / assessment year", Required = true };

    private static Option<string?> SchemeOption() => new("--scheme")
    {
        Description = "评估方案 JSON(默认:内置建议方案)/ scheme file (default: the built-in proposal)",
    };

    private static Option<long> SeedOption() => new("--seed")
    {
        Description = "抽样随机种子 / sampling seed: the same seed draws the same households",
        DefaultValueFactory = _ => 20260101,
    };

    private static int Run(
        string data, int year, string? schemePath, string[] entryFiles, string? fieldFolder, bool demo, long seed, string output,
        int[] onlyCounties, string user, int deadlineDays, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var scheme = LoadScheme(schemePath, year);
        using var analytics = Open(data);
        Status("读取指标层 / building the metric layer", analytics.Metrics.Warm);
        var service = analytics.Assessment;
        var unknown = onlyCounties.Where(c => !service.Counties.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"未知的县代码 / unknown county code(s): {string.Join(", ", unknown)}");
            return BadArguments;
        }

        // Entries: files merged in order (a later file replaces an earlier value), then demo entries where none was given.
        IReadOnlyList<AssessmentEntry> entries = [];
        foreach (var file in entryFiles)
        {
            using var stream = File.OpenRead(file);
            entries = EntryWorkbook.Merge(entries, EntryWorkbook.Read(stream, Path.GetFileName(file), scheme, service.Counties, user));
        }

        if (demo)
        {
            var given = entries.Select(e => (e.CountyCode, e.IndicatorId, e.Source)).ToHashSet();
            entries = [.. entries, .. DemoEntries.Create(scheme, service.Counties, seed).Where(e => !given.Contains((e.CountyCode, e.IndicatorId, e.Source)))];
        }

        var (estimates, fieldResults) = FieldChecks(service, scheme, data, fieldFolder, demo, seed, cancellationToken);
        var result = service.Score(scheme, entries, estimates);
        var problems = ProblemRules.FromResult(result, fieldResults, new ProblemOptions { Deadline = DateOnly.FromDateTime(DateTime.Today).AddDays(deadlineDays) });

        // Written into a sibling folder and moved into place, so a batch job never picks up half the reports.
        var target = Path.GetFullPath(output);
        Directory.CreateDirectory(target);
        var staging = Path.Combine(target, $".assess-{year}.writing-{Environment.ProcessId}");
        Directory.CreateDirectory(Path.Combine(staging, "counties"));
        var wanted = onlyCounties.Length > 0 ? onlyCounties.ToHashSet() : result.Counties.Select(c => c.CountyCode).ToHashSet();
        try
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"报告 / reports ({wanted.Count + 2})", maxValue: wanted.Count + 2);
                    Write(Path.Combine(staging, $"scores-{year}.xlsx"), s => AssessmentReports.WriteScoresWorkbook(result, s));
                    task.Increment(1);
                    Write(Path.Combine(staging, $"province-{year}.pdf"), s => AssessmentReports.WriteProvincePdf(result, problems, s));
                    task.Increment(1);
                    foreach (var county in result.Counties.Where(c => wanted.Contains(c.CountyCode)).OrderBy(c => c.CountyCode))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Write(Path.Combine(staging, "counties", $"{county.CountyCode}-{county.CountyName}.pdf"), s => AssessmentReports.WriteCountyPdf(result, county.CountyCode, problems, s));
                        task.Increment(1);
                    }
                });
            Publish(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        var table = new Table().AddColumns("县域类别 / class", "好", "较好", "一般", "差", "平均分 / mean");
        foreach (var group in result.Counties.GroupBy(c => c.CountyClass).OrderBy(g => g.Key))
        {
            string[] cells =
            [
                CodeLabels.CountyClass[group.Key].Zh,
                .. Enum.GetValues<AssessmentGrade>().Select(g => group.Count(c => c.Grade == g).ToString(CultureInfo.InvariantCulture)),
                group.Average(c => c.Score).ToString("0.00", CultureInfo.InvariantCulture),
            ];
            table.AddRow(cells);
        }

        AnsiConsole.Write(table);
        var missing = result.Counties.Sum(c => c.Missing.Count);
        if (missing > 0)
        {
            Console.Error.WriteLine($"注意:缺少 {missing} 项录入(按其余来源或 0 分计),见 scores-{year}.xlsx 的“缺少录入”列 / note: {missing} expected entries are missing (see the scores workbook)");
        }

        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "[green]完成 / done[/] {0}: {1} 个县 counties, {2} 个问题 problems, {3:N1} s",
            Markup.Escape(target), result.Counties.Count, problems.Count, watch.Elapsed.TotalSeconds);
        return 0;
    }

    private static (IReadOnlyDictionary<int, FieldCheckEstimates>, IReadOnlyDictionary<int, IReadOnlyList<FieldResult>>) FieldChecks(
        AssessmentService service, AssessmentScheme scheme, string data, string? folder, bool demo, long seed, CancellationToken cancellationToken)
    {
        var results = new Dictionary<int, IReadOnlyList<FieldResult>>();
        if (folder is null && !(demo && DemoFieldTeam.HasTruth(data)))
        {
            if (demo)
            {
                Console.Error.WriteLine("注意:数据中没有植入的真值,演示核查组不作答 / note: the data carry no planted truth, so the demo field team does not answer");
            }

            return (new Dictionary<int, FieldCheckEstimates>(), results);
        }

        var files = folder is null ? [] : Directory.EnumerateFiles(folder, "field-*.xlsx").ToDictionary(f => int.Parse(Path.GetFileNameWithoutExtension(f)[6..], CultureInfo.InvariantCulture));
        var codes = folder is null ? service.Counties.Keys.ToList() : files.Keys.ToList();
        var samples = service.DrawFieldSamples(scheme, codes, seed);
        if (folder is null)
        {
            foreach (var (code, list) in new DemoFieldTeam(data).Visit(samples.Values.ToList()))
            {
                results[code] = list;
            }
        }
        else
        {
            foreach (var (code, file) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stream = File.OpenRead(file);
                results[code] = FieldListWorkbook.ReadResults(samples[code], stream, Path.GetFileName(file));
            }
        }

        return (results.ToDictionary(r => r.Key, r => AssessmentService.EstimateFieldCheck(samples[r.Key], r.Value)), results);
    }

    private static Command CreateScheme()
    {
        var year = YearOption();
        var output = new Option<string>("--out") { Description = "输出 JSON 文件 / output JSON file", Required = true };
        var check = new Option<string?>("--check") { Description = "只校验这个方案文件 / only validate this scheme file" };
        year.Required = false;
        var command = new Command("scheme", "导出内置方案为 JSON,或校验方案文件 / write the built-in scheme as JSON, or validate a scheme file") { year, output, check };
        output.Required = false;
        command.SetAction(parse => Guarded(() =>
        {
            if (parse.GetValue(check) is { } path)
            {
                var checkedScheme = SchemeFile.Read(path);
                Console.WriteLine($"方案有效 / valid scheme: {checkedScheme.Id} v{checkedScheme.Version} {checkedScheme.Year} ({SchemeFile.Fingerprint(checkedScheme)})");
                return 0;
            }

            if (parse.GetValue(output) is not { } file)
            {
                Console.Error.WriteLine("需要 --out 或 --check / give --out or --check");
                return BadArguments;
            }

            var scheme = SchemeFile.Default(parse.GetValue(year) is > 0 and var y ? y : DateTime.Today.Year - 1);
            SchemeFile.Write(scheme, file);
            Console.WriteLine($"已写出 / written: {Path.GetFullPath(file)} ({scheme.Id} v{scheme.Version} {scheme.Year})");
            return 0;
        }));
        return command;
    }

    private static Command CreateTemplate()
    {
        var data = DataOption();
        var year = YearOption();
        var scheme = SchemeOption();
        var output = new Option<string>("--out") { Description = "输出 XLSX 文件 / output XLSX file", Required = true };
        var command = new Command("template", "生成录入模板(每县每个录入指标一行)/ write the entry template (one row per county and entered indicator)") { data, year, scheme, output };
        command.SetAction(parse => Guarded(() =>
        {
            var s = LoadScheme(parse.GetValue(scheme), parse.GetValue(year));
            using var analytics = Open(parse.GetValue(data)!);
            Write(parse.GetValue(output)!, stream => EntryWorkbook.WriteTemplate(s, analytics.Metrics.Counties, stream));
            Console.WriteLine($"已写出 / written: {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    private static Command CreateSample()
    {
        var data = DataOption();
        var year = YearOption();
        var scheme = SchemeOption();
        var county = new Option<int>("--county") { Description = "县代码 / county code", Required = true };
        var seed = SeedOption();
        var output = new Option<string>("--out") { Description = "输出核查名单 XLSX / field list XLSX", Required = true };
        var personal = new Option<bool>("--personal-data") { Description = "含未遮蔽的户主姓名、身份证号、电话(仅限授权人员)/ unmasked names, ID numbers and phones (authorised users only)" };
        var margin = new Option<double>("--margin") { Description = "县级误差范围(百分点),用于估算所需样本 / margin of error at county level, percentage points", DefaultValueFactory = _ => 2 };
        var command = new Command("sample", "抽取一个县的实地核查样本并导出核查名单 / draw a county's field-check sample and write the field list") { data, year, scheme, county, seed, output, personal, margin };
        command.SetAction(parse => Guarded(() =>
        {
            var s = LoadScheme(parse.GetValue(scheme), parse.GetValue(year));
            using var analytics = Open(parse.GetValue(data)!);
            var service = analytics.Assessment;
            var sample = service.DrawFieldSample(s, parse.GetValue(county), parse.GetValue(seed));
            var exited = sample.FrameHouseholds.Where(f => f.Key is FieldStratum.AlleviatedWithLabour or FieldStratum.AlleviatedWithoutLabour).Sum(f => f.Value);
            var all = sample.FrameHouseholds.Values.Sum();
            var m = parse.GetValue(margin);
            Console.WriteLine($"抽样框 frame: {all:N0} 户 households, {sample.FrameVillages} 个村 villages; 抽中 drawn: {sample.Villages.Count} 村, {sample.Households.Count} 户");
            Console.WriteLine($"  {string.Join(", ", sample.SampledByStratum.Select(x => $"{AssessmentLabels.Of(x.Key).Zh} {x.Value}/{sample.FrameHouseholds[x.Key]}"))}");
            if (exited > 0 && all > 0)
            {
                Console.WriteLine($"所需样本 needed for ±{m} pp: 错退率(按 2%)≈ {FieldSampleSize.Required(2, m, exited)} 户, 认可度(按 90%)≈ {FieldSampleSize.Required(90, m, all)} 户 (设计效应 design effect 1.5)");
            }

            if (parse.GetValue(personal))
            {
                Console.Error.WriteLine("注意:核查名单含未遮蔽的个人信息,请按规定保管 / note: the list holds unmasked personal data; keep it as the rules require");
            }

            Write(parse.GetValue(output)!, stream => service.WriteFieldList(sample, stream, parse.GetValue(personal)));
            Console.WriteLine($"已写出 / written: {Path.GetFullPath(parse.GetValue(output)!)}");
            return 0;
        }));
        return command;
    }

    private static AssessmentScheme LoadScheme(string? path, int year)
    {
        if (path is null)
        {
            return SchemeFile.Default(year);
        }

        var scheme = SchemeFile.Read(path);
        return scheme.Year == year
            ? scheme
            : throw new SchemeValidationException([new SchemeProblem("$", null, "year", $"方案年度 {scheme.Year} 与 --year {year} 不符", $"the scheme's year {scheme.Year} differs from --year {year}")]);
    }

    private static AnalyticsContext Open(string folder) =>
        AnalyticsContext.Open(folder, new AnalyticsOptions { Threads = Math.Min(Environment.ProcessorCount, 4) });

    // A file is written beside its target and moved over it, so a crash never leaves half a workbook or PDF.
    private static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + $".writing-{Environment.ProcessId}";
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void Publish(string staging, string target)
    {
        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(staging, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(file, destination, overwrite: true);
        }
    }

    private static void Status(string text, Action action) => AnsiConsole.Status().Start(text, _ => action());

    private static int Guarded(Func<int> run)
    {
        try
        {
            return run();
        }
        catch (SchemeValidationException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
        catch (EntryImportException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
        catch (MetricArgumentException error)
        {
            Console.Error.WriteLine(error.Detail);
            return BadArguments;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            Console.Error.WriteLine($"错误 / error: {error.Message}");
            return 1;
        }
    }
}
