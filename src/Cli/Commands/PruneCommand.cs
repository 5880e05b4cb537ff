using System.CommandLine;
using System.Globalization;
using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival versions prune</c>: removes old data versions to free disk space (docs/import.md).</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var keep = new Option<int>("--keep")
        {
            Description = "保留最新的几个版本(当前版本总是保留) / how many of the newest versions to keep (the current version is always kept)",
            DefaultValueFactory = _ => 3,
        };
        var yes = new Option<bool>("--yes")
        {
            Description = "确实删除;不加时只列出将删除的版本 / really remove; without it only shows what would be removed",
        };
        var data = ImportCommand.DataOption();
        var command = new Command("prune", "删除旧的数据版本以释放磁盘空间 / remove old data versions to free disk space") { keep, yes, data };
        command.SetAction(parseResult => Run(parseResult.GetValue(data)!, parseResult.GetValue(keep), parseResult.GetValue(yes)));
        return command;
    }

    private static int Run(string data, int keep, bool yes)
    {
        if (keep < 1)
        {
            Console.Error.WriteLine($"参数 --keep 至少为 1,实为 {keep} / --keep must be at least 1, got {keep}");
            return 2;
        }

        if (!DataStore.IsDataStore(data))
        {
            Console.Error.WriteLine($"{data} 不是数据目录(没有 current 和 versions/)/ {data} is not a data directory (no current and versions/)");
            return 2;
        }

        var store = DataStore.Open(data);
        PrunePlan plan;
        try
        {
            plan = store.Prune(keep, dryRun: !yes, [KpiService.MetricCache(store)]);
        }
        catch (IOException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }

        ImportCommand.WidenRedirectedOutput();
        var table = new Table().AddColumns("", "版本 / version", "导入时间 / imported (UTC)", "大小 / size", "处理 / action");
        foreach (var (version, reason) in plan.Versions)
        {
            table.AddRow(
                version.IsCurrent ? "[green]*[/]" : "",
                version.Version.Id,
                version.Version.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Size(version.Bytes),
                Action(reason, yes));
        }

        AnsiConsole.Write(table);
        var removed = plan.Removed.Select(v => v.Version.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in plan.Leftovers)
        {
            Console.WriteLine($"{(yes ? "已删除" : "将删除")}中断的导入或清理留下的 {Path.GetFileName(folder)} / {(yes ? "removed" : "would remove")} {Path.GetFileName(folder)}, left by an interrupted import or prune");
        }

        if (plan.Caches.Count > 0)
        {
            Console.WriteLine(yes
                ? $"已删除 {plan.Caches.Count} 个过期的指标缓存({Size(plan.CacheBytes)}) / removed {plan.Caches.Count} stale metric cache(s) ({Size(plan.CacheBytes)})"
                : $"将删除 {plan.Caches.Count} 个过期的指标缓存({Size(plan.CacheBytes)}) / would remove {plan.Caches.Count} stale metric cache(s) ({Size(plan.CacheBytes)})");
        }

        NoteModels(store, removed, yes);
        var count = removed.Count;
        if (count == 0 && plan.Leftovers.Count == 0 && plan.Caches.Count == 0)
        {
            Console.WriteLine($"无需删除:{plan.Versions.Count} 个版本全部保留(--keep {keep}) / nothing to remove: all {Versions(plan.Versions.Count)} are kept (--keep {keep})");
        }
        else if (yes)
        {
            Console.WriteLine($"已删除 {count} 个版本,释放 {Size(plan.BytesFreed)} / removed {Versions(count)}, freed {Size(plan.BytesFreed)}");
        }
        else
        {
            Console.WriteLine($"试运行:将删除 {count} 个版本,释放 {Size(plan.BytesFreed)};加 --yes 执行 / dry run: {Versions(count)} would be removed, freeing {Size(plan.BytesFreed)}; add --yes to remove them");
        }

        return 0;
    }

    // Models are self-contained (ML.NET zip and metadata), so they keep working; the note says their training data is gone.
    private static void NoteModels(DataStore store, HashSet<string> removed, bool yes)
    {
        var existing = store.Versions().Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var models = new ModelStore(store.DataDirectory);
        foreach (var model in new[] { RiskModel.Kind, IncomeForecastModel.Kind }.SelectMany(models.List))
        {
            if (model.DataVersionId is not { } version)
            {
                continue;
            }

            if (removed.Contains(version))
            {
                Console.WriteLine(yes
                    ? $"模型 {model.Id} 的训练数据版本 {version} 已删除;模型保留,仍可使用 / model {model.Id} was trained on version {version}, now removed; the model stays and still works"
                    : $"模型 {model.Id} 的训练数据版本 {version} 将被删除;模型保留 / model {model.Id} was trained on version {version}, which would be removed; the model stays");
            }
            else if (!existing.Contains(version))
            {
                Console.WriteLine($"模型 {model.Id} 的训练数据版本 {version} 已不存在 / model {model.Id} was trained on version {version}, which no longer exists");
            }
        }
    }

    private static string Action(KeepReason reason, bool yes) => reason switch
    {
        KeepReason.Current => "[green]保留:当前版本 / keep: current[/]",
        KeepReason.Newest => "保留:最新 / keep: newest",
        KeepReason.RecentlyCurrent => "[blue]保留:刚被替换,看板可能仍在读取 / keep: replaced moments ago, dashboards may still read it[/]",
        _ => yes ? "[red]已删除 / removed[/]" : "[yellow]将删除 / would remove[/]",
    };

    private static string Versions(int count) => count == 1 ? "1 version" : $"{count} versions";

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):N2} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):N1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:N0} KiB"),
    };
}
