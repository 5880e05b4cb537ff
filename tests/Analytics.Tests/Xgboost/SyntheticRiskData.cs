namespace RevivalAnalytics.Tests.Xgboost;

/// <summary>
/// Rows whose label truly depends on features 0, 1 and 2 (strongest first) and on nothing else; features 3..
/// are noise. Feature 2 is missing (NaN) in about a tenth of the rows.
/// </summary>
internal sealed class SyntheticRiskData
{
    public const int DriverCount = 3;

    private SyntheticRiskData(float[] features, float[] labels, float[] trueProbabilities, int rows, int columns)
    {
        TrueProbabilities = trueProbabilities;
        Features = features;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    public float[] Features { get; }

    public float[] Labels { get; }

    /// <summary>The probability each label was drawn with: the best any model can do.</summary>
    public float[] TrueProbabilities { get; }

    public int Rows { get; }

    public int Columns { get; }

    public string[] FeatureNames => [.. Enumerable.Range(0, Columns).Select(c => c < DriverCount ? $"driver_{c}" : $"noise_{c}")];

    public static SyntheticRiskData Create(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows * columns];
        var labels = new float[rows];
        var probabilities = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = features.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                row[c] = (float)Normal(random);
            }

            var logit = (2.0 * row[0]) - (1.2 * row[1]) + (0.6 * row[2] * row[2]) - 0.8;
            probabilities[r] = (float)(1 / (1 + Math.Exp(-logit)));
            labels[r] = random.NextDouble() < probabilities[r] ? 1 : 0;
            if (random.NextDouble() < 0.1)
            {
                row[2] = float.NaN;
            }
        }

        return new SyntheticRiskData(features, labels, probabilities, rows, columns);
    }

    public XgbMatrixParts Slice(int firstRow, int rowCount) =>
        new(Features.AsMemory(firstRow * Columns, rowCount * Columns), Labels.AsMemory(firstRow, rowCount), rowCount, Columns);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal readonly record struct XgbMatrixParts(ReadOnlyMemory<float> Features, ReadOnlyMemory<float> Labels, int Rows, int Columns);

internal static class RocAuc
{
    /// <summary>The probability that a random positive scores above a random negative (ties count half).</summary>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double positives = 0;
        double rankSum = 0;
        var i = 0;
        while (i < keys.Length)
        {
            var j = i;
            while (j + 1 < keys.Length && keys[j + 1] == keys[i])
            {
                j++;
            }

            var averageRank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] > 0.5f)
                {
                    positives++;
                    rankSum += averageRank;
                }
            }

            i = j + 1;
        }

        var negatives = scores.Length - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
