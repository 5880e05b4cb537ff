using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;

namespace RevivalAnalytics.Tests.Data.Generation;

public sealed class PlantedTruthTests : IClassFixture<GeneratedSample>
{
    private readonly GeneratedSample _sample;

    public PlantedTruthTests(GeneratedSample sample) => _sample = sample;

    [Fact]
    public void Truth_Missed_OnlyUnidentifiedOutsideMonitoring()
    {
        var missed = 0;
        foreach (var (batch, _, row) in _sample.HouseholdYears())
        {
            if (batch.TruthMissed[row])
            {
                missed++;
                Assert.False(batch.NewlyIdentified[row]);
                Assert.NotEqual(MonitoringStatus.Monitored, batch.MonitoringStatus[row]);
            }

            if (batch.TruthWronglyExited[row])
            {
                var status = batch.MonitoringStatus[row];
                var type = batch.HouseholdType[row / batch.Years];
                Assert.True(status == MonitoringStatus.RiskEliminated || (status == MonitoringStatus.NotMonitored && type == HouseholdType.PovertyAlleviated));
            }
        }

        Assert.InRange(missed, 100, 5_000);
    }

    [Fact]
    public void Truth_Rates_Plausible()
    {
        var rows = _sample.HouseholdYears().Where(x => x.Batch.Year[x.Row] >= 2021).ToList();
        var approval = rows.Average(x => x.Batch.TruthApproves[x.Row] ? 1.0 : 0.0);
        var wrong = rows.Average(x => x.Batch.TruthWronglyExited[x.Row] ? 1.0 : 0.0);

        Assert.InRange(approval, 0.85, 0.97);
        Assert.InRange(wrong, 0.003, 0.03);
    }

    [Fact]
    public void Export_Truth_WrittenBesideContractNotATable()
    {
        var root = Path.Combine(Path.GetTempPath(), "revival-truth-" + Guid.NewGuid().ToString("N"));
        try
        {
            DemoDataExport.Write(root, new GeneratorOptions { Households = 500, FirstYear = 2024, LastYear = 2025, Seed = 1 }, cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(Directory.Exists(Path.Combine(root, "_truth", "household_truth", "year=2025")));
            Assert.DoesNotContain(RevivalAnalytics.Data.Versions.DataStore.FindTables(root), t => t.Name.StartsWith('_'));
            Assert.DoesNotContain("_truth", File.ReadAllText(Path.Combine(root, "_manifest.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
