using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Tests.Models.Trees;

/// <summary>Random tree ensembles in ML.NET's layout (children ≥ 0 are nodes, ~leaf below 0), with covers, for a fixed seed.</summary>
internal static class SyntheticTrees
{
    public static TreeEnsemble Ensemble(int seed, int trees, int features, int maxDepth)
    {
        var random = new Random(seed);
        var result = new List<TreeNodes>();
        for (var t = 0; t < trees; t++)
        {
            result.Add(Tree(random, features, maxDepth));
        }

        return new TreeEnsemble(result, features);
    }

    /// <summary>Rows whose values often sit exactly on, just above or just below a threshold of <paramref name="ensemble"/>.</summary>
    public static float[] Rows(int seed, TreeEnsemble ensemble, int rows)
    {
        var random = new Random(seed);
        var thresholds = ensemble.Trees.SelectMany(t => t.Threshold).ToArray();
        var values = new float[rows * ensemble.Features];
        for (var i = 0; i < values.Length; i++)
        {
            var pick = random.Next(5);
            var threshold = thresholds.Length == 0 ? 0f : thresholds[random.Next(thresholds.Length)];
            values[i] = pick switch
            {
                0 => threshold,
                1 => MathF.BitIncrement(threshold),
                2 => MathF.BitDecrement(threshold),
                3 => -1e9f,
                _ => (float)((random.NextDouble() * 4) - 2),
            };
        }

        return values;
    }

    private static TreeNodes Tree(Random random, int features, int maxDepth)
    {
        var left = new List<int>();
        var right = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var leaves = new List<double>();
        var covers = new List<double>();

        int Grow(int depth)
        {
            if (depth == maxDepth || (depth > 0 && random.NextDouble() < 0.25))
            {
                leaves.Add((random.NextDouble() * 2) - 1);
                covers.Add(1 + random.Next(100));
                return ~(leaves.Count - 1);
            }

            var node = left.Count;
            left.Add(0);
            right.Add(0);
            feature.Add(random.Next(features));
            threshold.Add((float)((random.NextDouble() * 3) - 1.5));
            left[node] = Grow(depth + 1);
            right[node] = Grow(depth + 1);
            return node;
        }

        Grow(0);
        return new TreeNodes([.. left], [.. right], [.. feature], [.. threshold], [.. leaves], [.. covers]);
    }
}
