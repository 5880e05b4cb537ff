using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

/// <summary>A small generated export (8,000 households, 2016–2025, fixed seed) with one trained risk and income model, shared by the model tests.</summary>
public sealed class ModelFixture : IDisposable
{
    public const int Threads = 2;

    public ModelFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), $"revival-models-{Guid.NewGuid():N}");
        ExportFolder = Path.Combine(Root, "export");
        DemoDataExport.Write(ExportFolder, new GeneratorOptions { Households = 8_000, Seed = 11, BatchSize = 4_000 });
        Data = ModelDataSource.FromExport(ExportFolder, Threads);
        Risk = RiskModel.Train(Data, RiskOptions);
        Income = IncomeForecastModel.Train(Data, IncomeOptions);
    }

    public static RiskModelOptions RiskOptions { get; } = new() { Seed = 5, Threads = Threads, Rounds = 150, LearningRate = 0.08 };

    public static IncomeModelOptions IncomeOptions { get; } = new();

    public string Root { get; }

    public string ExportFolder { get; }

    public ModelDataSource Data { get; }

    public RiskModel Risk { get; }

    public IncomeForecastModel Income { get; }

    /// <summary>A fresh empty data directory under the fixture's root.</summary>
    public string NewDataDirectory()
    {
        var folder = Path.Combine(Root, $"data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a small export with the given years (for too-little-history cases).</summary>
    public string SmallExport(int firstYear, int lastYear)
    {
        var folder = Path.Combine(Root, $"small-{firstYear}-{lastYear}-{Guid.NewGuid():N}");
        DemoDataExport.Write(folder, new GeneratorOptions { Households = 600, FirstYear = firstYear, LastYear = lastYear, Seed = 3 });
        return folder;
    }

    public void Dispose()
    {
        Risk.Dispose();
        Income.Dispose();
        Data.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "models";
}
