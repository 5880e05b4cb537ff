using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival assess demo-year</c>: writes a whole demo assessment year into the data directory's app store
/// (<see cref="DemoAssessmentYear"/>), for the dashboard's post-assessment pages. Prints each county's code once it is
/// committed; a year already started is left as it is. <c>--previous-year</c> first writes an earlier year, every county
/// published (<see cref="DemoAssessmentYear.WriteFinishedYearAsync"/>), so year on year has content.</summary>
internal static class AssessDemoYearCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "数据目录(其当前版本与应用库)/ the data directory (its current version and app store)",
            DefaultValueFactory = _ => DataDirectory.Default(),
        };
        var export = new Option<string>("--export")
        {
            Description = "生成器导出目录(演示核查组按其植入真值作答)/ the generator's export (the demo field team answers from its planted truth)",
            Required = true,
        };
        var year = new Option<int>("--year") { Description = "评估年度 / assessment year", Required = true };
        var previous = new Option<int?>("--previous-year")
        {
            Description = "先写入一个已全部发布的更早年度(同比用)/ first write an earlier, fully published year (for year on year)",
        };
        var command = new Command("demo-year", "把一个完整的演示评估年度写入应用库 / write a whole demo assessment year into the app store") { data, export, year, previous };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data)!;
            if (!DataStore.IsDataStore(folder))
            {
                Console.Error.WriteLine($"{folder} 不是数据目录(先 revival import)/ {folder} is not a data directory (run revival import first)");
                return 2;
            }

            try
            {
                using var analytics = AnalyticsContext.Open(folder, new AnalyticsOptions { Threads = Math.Min(Environment.ProcessorCount, 4) });
                var service = analytics.Assessment;
                await using var services = await CliStore.OpenAsync(folder, cancellationToken, s => s.AddAssessmentWorkflow(_ => service));
                await using var scope = services.CreateAsyncScope();
                var workflow = scope.ServiceProvider.GetRequiredService<AssessmentWorkflow>();
                if (parse.GetValue(previous) is { } earlier)
                {
                    var finished = await DemoAssessmentYear.WriteFinishedYearAsync(workflow, earlier, parse.GetValue(export)!, cancellationToken);
                    Console.WriteLine(finished
                        ? $"演示上一年度已写入并全部发布 / earlier demo year written and published: {earlier}"
                        : $"{earlier} 年度已存在,未改动 / {earlier} already exists: unchanged");
                }

                var counted = 0;
                // Synchronous progress: a line is printed only after its county committed (the kill test relies on it).
                var progress = new InlineProgress(code =>
                {
                    counted++;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"county {code}"));
                    Console.Out.Flush();
                });
                var written = await DemoAssessmentYear.WriteAsync(workflow, parse.GetValue(year), parse.GetValue(export)!, progress, cancellationToken);
                Console.WriteLine(written
                    ? $"演示评估年度已写入 / demo assessment year written: {parse.GetValue(year)}, {counted} 个县 counties"
                    : $"{parse.GetValue(year)} 年度已存在,未改动 / {parse.GetValue(year)} already exists: unchanged");
                return 0;
            }
            catch (Exception e) when (e is AssessmentWorkflowException or AppStoreException or MetricArgumentException or DirectoryNotFoundException or SchemeValidationException)
            {
                Console.Error.WriteLine(e is MetricArgumentException m ? m.Detail : e.Message);
                return 1;
            }
        });
        return command;
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
