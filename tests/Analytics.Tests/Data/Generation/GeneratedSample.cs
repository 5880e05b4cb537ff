using RevivalAnalytics.Data.Generation;

namespace RevivalAnalytics.Tests.Data.Generation;

/// <summary>A 20,000-household demo run shared by the tests of one class (generated once).</summary>
public sealed class GeneratedSample
{
    public GeneratedSample()
    {
        Generator = new DemoDataGenerator(new GeneratorOptions { Households = 20_000, BatchSize = 5_000, Seed = 7 });
        ProvinceTables = Generator.GenerateProvinceTables().ToDictionary(t => t.Name);
        var batches = new List<HouseholdBatch>();
        Generator.ForEachBatch(batches.Add);
        Batches = batches;
    }

    internal DemoDataGenerator Generator { get; }

    internal IReadOnlyDictionary<string, ColumnTable> ProvinceTables { get; }

    internal IReadOnlyList<HouseholdBatch> Batches { get; }

    /// <summary>Every household-year row as (batch, household row, year row).</summary>
    internal IEnumerable<(HouseholdBatch Batch, int Household, int Row)> HouseholdYears()
    {
        foreach (var batch in Batches)
        {
            for (var h = 0; h < batch.Count; h++)
            {
                for (var y = 0; y < batch.Years; y++)
                {
                    yield return (batch, h, h * batch.Years + y);
                }
            }
        }
    }
}
