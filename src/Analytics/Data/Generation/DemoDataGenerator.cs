namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// Deterministic generator of a synthetic Shanxi export (docs/data-generator.md): province-scale tables
/// (counties, villages, county indicators) and a household sample streamed in batches, so that millions of
/// households never sit in memory at once. The same <see cref="GeneratorOptions"/> always yield identical data,
/// whatever the batch size or degree of parallelism.
/// </summary>
public sealed class DemoDataGenerator
{
    private readonly Lazy<ProvinceModel> _province;

    /// <summary>Creates a generator for the given options.</summary>
    /// <param name="options">Sample size, years, seed and batching.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public DemoDataGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _province = new Lazy<ProvinceModel>(() => new ProvinceModel(options));
    }

    /// <summary>The options this generator runs with.</summary>
    public GeneratorOptions Options { get; }

    internal ProvinceModel Province => _province.Value;

    /// <summary>Province-scale tables, independent of the household sample size.</summary>
    internal IReadOnlyList<ColumnTable> GenerateProvinceTables()
    {
        var model = Province;
        var villageYears = ProvinceTables.VillageYears(model, out var collective, out var weak);
        return
        [
            ProvinceTables.Counties(model),
            ProvinceTables.Villages(model),
            villageYears,
            ProvinceTables.MonitoringLines(Options.FirstYear, Options.LastYear),
            ProvinceTables.CountyIndicators(model, collective, weak),
        ];
    }

    /// <summary>Simulates one batch of households; a pure function of the options and the batch index.</summary>
    internal HouseholdBatch GenerateBatch(int batchIndex)
    {
        if (batchIndex < 0 || batchIndex >= Options.BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), batchIndex, $"批次编号必须在 0 到 {Options.BatchCount - 1} 之间。Batch index must be within 0-{Options.BatchCount - 1}.");
        }

        var first = (long)batchIndex * Options.BatchSize;
        var count = (int)Math.Min(Options.BatchSize, Options.Households - first);
        var batch = new HouseholdBatch(batchIndex, first, count, Options.FirstYear, Options.YearCount);
        var simulator = new HouseholdSimulator(Province);
        for (var i = 0; i < count; i++)
        {
            simulator.Simulate(first + i, batch, i);
        }

        return batch;
    }

    /// <summary>
    /// Generates every household batch, several at a time, and hands them to <paramref name="consumer"/> in batch
    /// order on the calling thread. At most two windows of batches are in memory at once.
    /// </summary>
    internal void ForEachBatch(Action<HouseholdBatch> consumer, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var parallelism = Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        var total = Options.Households;
        long done = 0;
        long rows = 0;
        progress?.Report(new GenerationProgress("households", 0, total, 0));

        // The next window is simulated while the consumer writes the current one.
        Task<HouseholdBatch[]>? pending = null;
        for (var start = 0; start < Options.BatchCount || pending is not null; start += parallelism)
        {
            Task<HouseholdBatch[]>? next = null;
            if (start < Options.BatchCount)
            {
                var windowStart = start;
                var windowSize = Math.Min(parallelism, Options.BatchCount - start);
                next = Task.Run(() =>
                {
                    var window = new HouseholdBatch[windowSize];
                    Parallel.For(0, windowSize, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                        i => window[i] = GenerateBatch(windowStart + i));
                    return window;
                }, cancellationToken);
            }

            try
            {
                if (pending is not null)
                {
                    foreach (var batch in pending.GetAwaiter().GetResult())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        consumer(batch);
                        done += batch.Count;
                        rows += batch.Count + batch.YearRows + batch.Snapshots.Count;
                        progress?.Report(new GenerationProgress("households", done, total, rows));
                    }
                }
            }
            catch when (next is not null)
            {
                // Let the window already in flight finish (its own failure is secondary) before the first error surfaces.
                try
                {
                    next.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }

                throw;
            }

            pending = next;
        }
    }
}
