using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Tests.Models.Trees;

public sealed class TreeShapTests
{
    [Fact]
    public void Explain_RandomEnsemble_ContributionsAndExpectedValueAddUpToTheScore()
    {
        var ensemble = SyntheticTrees.Ensemble(seed: 11, trees: 30, features: 6, maxDepth: 5);
        var rows = SyntheticTrees.Rows(seed: 12, ensemble, rows: 200);
        var shap = new TreeShap(ensemble);
        var phi = new double[6];

        for (var r = 0; r < 200; r++)
        {
            var row = rows.AsSpan(r * 6, 6);
            shap.Explain(row, phi);
            Assert.Equal(Margin(ensemble, row), shap.ExpectedValue + phi.Sum(), 10);
        }
    }

    [Fact]
    public void Explain_SmallEnsemble_EqualsShapleyValuesByEnumeration()
    {
        // Repeated features along a path (the unwinding step) occur with 4 features and depth 4.
        var ensemble = SyntheticTrees.Ensemble(seed: 13, trees: 4, features: 4, maxDepth: 4);
        var rows = SyntheticTrees.Rows(seed: 14, ensemble, rows: 25);
        var shap = new TreeShap(ensemble);
        var phi = new double[4];

        for (var r = 0; r < 25; r++)
        {
            var row = rows.AsSpan(r * 4, 4).ToArray();
            shap.Explain(row, phi);
            var exact = BruteForce(ensemble, row);
            for (var f = 0; f < 4; f++)
            {
                Assert.Equal(exact[f], phi[f], 10);
            }
        }
    }

    [Fact]
    public void Explain_FeatureNoTreeSplitsOn_ContributesZero()
    {
        var tree = new TreeNodes([1, ~0], [~2, ~1], [0, 2], [0.5f, -0.5f], [1.0, -2.0, 3.0], [10, 20, 30]);
        var shap = new TreeShap(new TreeEnsemble([tree], 3));
        var phi = new double[3];

        shap.Explain([0f, 9f, -1f], phi);

        Assert.Equal(0, phi[1]);
        Assert.Equal(((1.0 * 10) + (-2.0 * 20) + (3.0 * 30)) / 60, shap.ExpectedValue, 12);
        Assert.Equal(1.0, shap.ExpectedValue + phi.Sum(), 12);
    }

    private static double Margin(TreeEnsemble ensemble, ReadOnlySpan<float> row)
    {
        var sum = 0.0;
        foreach (var tree in ensemble.Trees)
        {
            sum += tree.Leaf[tree.LeafOf(row)];
        }

        return sum;
    }

    /// <summary>
    /// Shapley values from their definition, with the value of a feature set S the path-dependent expectation: at a
    /// split on a feature in S follow the row, otherwise average both children by their covers.
    /// </summary>
    private static double[] BruteForce(TreeEnsemble ensemble, float[] row)
    {
        var n = ensemble.Features;
        double Value(int set) => ensemble.Trees.Sum(t => Expect(t, t.NodeCovers(), 0, row, set));
        var phi = new double[n];
        for (var f = 0; f < n; f++)
        {
            for (var set = 0; set < 1 << n; set++)
            {
                if ((set & (1 << f)) != 0)
                {
                    continue;
                }

                var size = System.Numerics.BitOperations.PopCount((uint)set);
                var weight = Factorial(size) * Factorial(n - size - 1) / Factorial(n);
                phi[f] += weight * (Value(set | (1 << f)) - Value(set));
            }
        }

        return phi;
    }

    private static double Expect(TreeNodes tree, double[] covers, int node, float[] row, int set)
    {
        if (node < 0)
        {
            return tree.Leaf[~node];
        }

        var feature = tree.Feature[node];
        if ((set & (1 << feature)) != 0)
        {
            return Expect(tree, covers, row[feature] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node], row, set);
        }

        double Cover(int child) => child < 0 ? tree.LeafCover[~child] : covers[child];
        var left = Cover(tree.Left[node]);
        var right = Cover(tree.Right[node]);
        return ((left * Expect(tree, covers, tree.Left[node], row, set)) + (right * Expect(tree, covers, tree.Right[node], row, set))) / (left + right);
    }

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);
}
