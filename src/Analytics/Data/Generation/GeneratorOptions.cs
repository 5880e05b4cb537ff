namespace RevivalAnalytics.Data.Generation;

/// <summary>Settings of one run of <see cref="DemoDataGenerator"/>.</summary>
public sealed class GeneratorOptions
{
    /// <summary>Households in the sample (脱贫户 plus 一般农户 of the low-income pool). Default 20,000 (demo size).</summary>
    public int Households { get; init; } = 20_000;

    /// <summary>First simulated year (inclusive). Default 2016.</summary>
    public int FirstYear { get; init; } = 2016;

    /// <summary>Last simulated year (inclusive). Default 2025.</summary>
    public int LastYear { get; init; } = 2025;

    /// <summary>Seed: the same seed and options always give identical data. Default 20210101.</summary>
    public long Seed { get; init; } = 20210101;

    /// <summary>Households per batch (memory is bounded by batch size times parallelism). Default 50,000.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>Batches generated at once; null uses <see cref="Environment.ProcessorCount"/>. Does not change the data.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// County class per GB/T 2260 code, replacing the illustrative assignment (e.g. an official list from an export).
    /// Counties not in the map keep the illustrative class.
    /// </summary>
    public IReadOnlyDictionary<int, CountyClass>? CountyClassOverrides { get; init; }

    internal int YearCount => LastYear - FirstYear + 1;

    internal int BatchCount => (Households + BatchSize - 1) / BatchSize;

    internal void Validate()
    {
        if (Households < 1 || Households > 50_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Households), Households, "户数必须在 1 到 50,000,000 之间。Households must be between 1 and 50,000,000.");
        }

        if (FirstYear < 2014 || LastYear > 2035 || FirstYear > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstYear), $"{FirstYear}-{LastYear}", "年份范围必须在 2014 到 2035 之间且起始年不晚于结束年。Years must lie within 2014-2035 with FirstYear <= LastYear.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "批大小必须为正数。BatchSize must be positive.");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "并行度必须为正数。MaxDegreeOfParallelism must be positive.");
        }
    }
}

/// <summary>Where a generation run is: stage, households done, rows produced so far.</summary>
/// <param name="Stage">What is being produced (e.g. "counties", "households").</param>
/// <param name="HouseholdsDone">Households simulated so far.</param>
/// <param name="HouseholdsTotal">Households in the run.</param>
/// <param name="RowsProduced">Rows produced so far over all tables.</param>
public readonly record struct GenerationProgress(string Stage, long HouseholdsDone, long HouseholdsTotal, long RowsProduced)
{
    /// <summary>Fraction of households done, 0 to 1.</summary>
    public double Fraction => HouseholdsTotal == 0 ? 1 : (double)HouseholdsDone / HouseholdsTotal;
}
