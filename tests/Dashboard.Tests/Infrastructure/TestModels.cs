using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>
/// A copy of <see cref="TestExport"/> with a risk and an income model trained on it (fixed seed) under <c>models/</c>, made once per
/// test run (and another copy with a corrupt model): the data folder of <see cref="ModelDashboardFactory"/> and the browser tests. The plain export stays
/// model-free for the no-model tests. <see cref="Service"/> is the library's own view of the same model, loaded
/// independently of any app, to check what the dashboard shows.
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<string> s_directory = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ModelService> s_service = new(
        () => ModelService.Load(Directory, ModelDataSource.FromExport(Directory, threads: 2), threads: 2), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> s_brokenDirectory = new(CreateBroken, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => s_directory.Value;

    /// <summary>A copy of the export whose latest risk model is corrupt (unreadable metadata).</summary>
    public static string BrokenDirectory => s_brokenDirectory.Value;

    public static ModelService Service => s_service.Value;

    private static string Create()
    {
        var root = CopyExport();
        using (var data = ModelDataSource.FromExport(root, threads: 2))
        using (var risk = RiskModel.Train(data, new RiskModelOptions { Seed = 7, Threads = 2, Rounds = 100, LearningRate = 0.1 }))
        using (var income = IncomeForecastModel.Train(data))
        {
            risk.Save(new ModelStore(root));
            income.Save(new ModelStore(root));
        }

        return root;
    }

    private static string CreateBroken()
    {
        var root = CopyExport();
        var folder = Path.Combine(new ModelStore(root).Root, "risk-99991231T000000Z-broken");
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "metadata.json"), "{ not json");
        return root;
    }

    private static string CopyExport()
    {
        var root = Path.Combine(Path.GetTempPath(), "revival-dashboard-model-tests-" + Guid.NewGuid().ToString("N"));
        foreach (var file in System.IO.Directory.EnumerateFiles(TestExport.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(TestExport.Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the temp folder is cleaned by the OS.
            }
        };
        return root;
    }
}
