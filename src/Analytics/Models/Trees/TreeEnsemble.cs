using Microsoft.ML.Trainers.FastTree;

namespace RevivalAnalytics.Models.Trees;

/// <summary>
/// One regression tree as ML.NET evaluates it: at internal node n a row goes to <see cref="Left"/>[n] when its value
/// of <see cref="Feature"/>[n] is ≤ <see cref="Threshold"/>[n] (float), else to <see cref="Right"/>[n]; a child ≥ 0 is
/// another node, a child c &lt; 0 is leaf ~c. <see cref="LeafCover"/> is the training weight that reached each leaf
/// (ML.NET does not keep it; TreeSHAP needs it).
/// </summary>
internal sealed record TreeNodes(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf, double[] LeafCover)
{
    public int Nodes => Left.Length;

    /// <summary>The leaf a row reaches, walking one node at a time (the reference the SIMD evaluator is tested against).</summary>
    public int LeafOf(ReadOnlySpan<float> row)
    {
        if (Nodes == 0)
        {
            return 0;
        }

        var node = 0;
        while (node >= 0)
        {
            node = row[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return ~node;
    }

    /// <summary>The training weight through every internal node: the sum of the covers of the leaves below it.</summary>
    public double[] NodeCovers()
    {
        var covers = new double[Nodes];
        double Cover(int child) => child < 0 ? LeafCover[~child] : covers[child] = Cover(Left[child]) + Cover(Right[child]);
        if (Nodes > 0)
        {
            Cover(0);
        }

        return covers;
    }

    /// <summary>Depth of the deepest leaf (0 for a tree that is one leaf).</summary>
    public int Depth()
    {
        int Below(int child) => child < 0 ? 0 : 1 + Math.Max(Below(Left[child]), Below(Right[child]));
        return Nodes == 0 ? 0 : Below(0);
    }
}

/// <summary>
/// The trees of a trained ML.NET tree model (LightGbm or FastTree), read through ML.NET's public
/// <see cref="RegressionTreeEnsemble"/>: splits and leaf values exactly as ML.NET scores them. The score of a row is
/// ML.NET's: the leaf values added in tree order in double from 0, then rounded to float.
/// </summary>
internal sealed class TreeEnsemble
{
    public TreeEnsemble(IReadOnlyList<TreeNodes> trees, int features)
    {
        Trees = trees;
        Features = features;
    }

    public IReadOnlyList<TreeNodes> Trees { get; }

    public int Features { get; }

    /// <summary>
    /// Copies ML.NET's trees. Categorical splits and a non-zero bias are refused: the model's features are numeric, and
    /// ML.NET's tree score does not add the bias either, so a model with one would be read wrongly.
    /// </summary>
    /// <param name="ensemble">The trained ensemble.</param>
    /// <param name="features">The model's feature count.</param>
    /// <param name="leafCovers">Training weight per leaf per tree (null: all zero, until <see cref="WithCovers"/>).</param>
    public static TreeEnsemble FromMlNet(RegressionTreeEnsemble ensemble, int features, IReadOnlyList<double[]>? leafCovers = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        if (ensemble.Bias != 0)
        {
            throw new NotSupportedException($"A tree ensemble with bias {ensemble.Bias} is not supported.");
        }

        var trees = new TreeNodes[ensemble.Trees.Count];
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new NotSupportedException($"Tree {t} has a categorical split.");
            }

            var nodes = tree.NumberOfNodes;
            var leaves = tree.LeafValues.ToArray();

            // ML.NET keeps an empty tree (a constant 0) as two leaves whose first child is 0; it scores 0.
            var empty = nodes > 0 && tree.LeftChild[0] == 0;
            trees[t] = empty
                ? new TreeNodes([], [], [], [], [0.0], leafCovers?[t] ?? new double[1])
                : new TreeNodes(
                    [.. tree.LeftChild],
                    [.. tree.RightChild],
                    [.. tree.NumericalSplitFeatureIndexes],
                    [.. tree.NumericalSplitThresholds],
                    leaves,
                    leafCovers?[t] ?? new double[leaves.Length]);
        }

        return new TreeEnsemble(trees, features);
    }

    /// <summary>The same trees with the training weight of every leaf counted from <paramref name="rows"/>.</summary>
    /// <param name="rows">Row-major training rows (the model's coding: no NaN).</param>
    /// <param name="count">Rows.</param>
    /// <param name="weights">Row weights, or empty for 1 each.</param>
    /// <param name="threads">Threads.</param>
    public TreeEnsemble WithCovers(ReadOnlySpan<float> rows, int count, ReadOnlySpan<float> weights, int threads)
    {
        var covers = ForestEvaluator.Create(this).CountLeaves(rows, count, weights, threads);
        return new TreeEnsemble([.. Trees.Select((t, i) => t with { LeafCover = covers[i] })], Features);
    }

    /// <summary>ML.NET's score of one row, walking each tree node by node.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        var sum = 0.0;
        foreach (var tree in Trees)
        {
            sum += tree.Leaf[tree.LeafOf(row)];
        }

        return (float)sum;
    }
}
