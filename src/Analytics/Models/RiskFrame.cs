namespace RevivalAnalytics.Models;

/// <summary>Household features at a cutoff (end of year t) and the label of year t + 1.</summary>
internal sealed class RiskFrame
{
    public required long[] HouseholdIds { get; init; }

    public required int[] CutoffYears { get; init; }

    public required int[] CountyCodes { get; init; }

    public required int[] CountyClasses { get; init; }

    public required double[] SampleWeights { get; init; }

    /// <summary>1 / 0, or NaN where year t + 1 is not in the data.</summary>
    public required float[] Labels { get; init; }

    /// <summary>Row-major rows × features, <see cref="RiskFeatures.Missing"/> where a value is missing.</summary>
    public required float[] Features { get; init; }

    public int Rows => HouseholdIds.Length;

    public int Columns => RiskFeatures.All.Count;

    /// <summary>Replaces NaN features (how the query's NULLs arrive) by <see cref="RiskFeatures.Missing"/>, in place.</summary>
    public RiskFrame WithMissingCoded()
    {
        var features = Features.AsSpan();
        for (var i = 0; i < features.Length; i++)
        {
            if (float.IsNaN(features[i]))
            {
                features[i] = RiskFeatures.Missing;
            }
        }

        return this;
    }

    /// <summary>The row-major features of rows <paramref name="rows"/>, in that order.</summary>
    public float[] FeaturesOf(IReadOnlyList<int> rows)
    {
        var subset = new float[(long)rows.Count * Columns];
        for (var r = 0; r < rows.Count; r++)
        {
            Array.Copy(Features, (long)rows[r] * Columns, subset, (long)r * Columns, Columns);
        }

        return subset;
    }

    /// <summary>The rows of <paramref name="parts"/>, one after the other.</summary>
    public static RiskFrame Concat(IReadOnlyList<RiskFrame> parts)
    {
        var rows = parts.Sum(p => p.Rows);
        var frame = new RiskFrame
        {
            HouseholdIds = new long[rows],
            CutoffYears = new int[rows],
            CountyCodes = new int[rows],
            CountyClasses = new int[rows],
            SampleWeights = new double[rows],
            Labels = new float[rows],
            Features = new float[(long)rows * RiskFeatures.All.Count],
        };
        var start = 0;
        foreach (var part in parts)
        {
            part.HouseholdIds.CopyTo(frame.HouseholdIds, start);
            part.CutoffYears.CopyTo(frame.CutoffYears, start);
            part.CountyCodes.CopyTo(frame.CountyCodes, start);
            part.CountyClasses.CopyTo(frame.CountyClasses, start);
            part.SampleWeights.CopyTo(frame.SampleWeights, start);
            part.Labels.CopyTo(frame.Labels, start);
            Array.Copy(part.Features, 0, frame.Features, (long)start * frame.Columns, part.Features.LongLength);
            start += part.Rows;
        }

        return frame;
    }

    /// <summary>The rows whose cutoff year is in <paramref name="years"/>.</summary>
    public RiskFrame SelectYears(Func<int, bool> years) => SelectRows(i => years(CutoffYears[i]));

    /// <summary>The rows for which <paramref name="include"/> (given the row index) is true, in their order.</summary>
    public RiskFrame SelectRows(Func<int, bool> include)
    {
        var rows = new List<int>();
        for (var i = 0; i < Rows; i++)
        {
            if (include(i))
            {
                rows.Add(i);
            }
        }

        var features = new float[(long)rows.Count * Columns];
        var householdIds = new long[rows.Count];
        var cutoffYears = new int[rows.Count];
        var countyCodes = new int[rows.Count];
        var countyClasses = new int[rows.Count];
        var sampleWeights = new double[rows.Count];
        var labels = new float[rows.Count];

        // Copy runs of consecutive rows at once: a frame is ordered by year, so a year is one run.
        for (var start = 0; start < rows.Count;)
        {
            var end = start + 1;
            while (end < rows.Count && rows[end] == rows[end - 1] + 1)
            {
                end++;
            }

            var source = rows[start];
            var length = end - start;
            Array.Copy(Features, (long)source * Columns, features, (long)start * Columns, (long)length * Columns);
            Array.Copy(HouseholdIds, source, householdIds, start, length);
            Array.Copy(CutoffYears, source, cutoffYears, start, length);
            Array.Copy(CountyCodes, source, countyCodes, start, length);
            Array.Copy(CountyClasses, source, countyClasses, start, length);
            Array.Copy(SampleWeights, source, sampleWeights, start, length);
            Array.Copy(Labels, source, labels, start, length);
            start = end;
        }

        return new RiskFrame
        {
            HouseholdIds = householdIds,
            CutoffYears = cutoffYears,
            CountyCodes = countyCodes,
            CountyClasses = countyClasses,
            SampleWeights = sampleWeights,
            Labels = labels,
            Features = features,
        };
    }
}
