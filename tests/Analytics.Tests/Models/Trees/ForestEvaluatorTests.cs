using Microsoft.ML;
using Microsoft.ML.Data;
using RevivalAnalytics.Models;
using RevivalAnalytics.Models.MlNet;
using RevivalAnalytics.Models.Trees;

namespace RevivalAnalytics.Tests.Models.Trees;

[Collection(ModelCollection.Name)]
public sealed class ForestEvaluatorTests(ModelFixture fixture)
{
    /// <summary>The kernels this machine runs: the widest, the narrower one if it has it, and the plain walk.</summary>
    public static TheoryData<int> Lanes()
    {
        var lanes = new TheoryData<int>();
        foreach (var width in new[] { 16, 8 }.Where(w => w <= ForestEvaluator.WidestLanes))
        {
            lanes.Add(width);
        }

        lanes.Add(0);
        return lanes;
    }

    [Theory]
    [MemberData(nameof(Lanes))]
    public void Score_TrainedModel_EqualsMlNetTransformBitForBit(int lanes)
    {
        var frame = RiskFeatures.Load(fixture.Data, fixture.Data.LastYear - 1, fixture.Data.LastYear, labels: false);
        var evaluator = ForestEvaluator.Create(fixture.Risk.Trees, lanes);
        var ours = new float[frame.Rows];

        evaluator.Score(frame.Features, frame.Rows, ours, ModelFixture.Threads);
        var view = new ArrayDataView(frame.Rows).Vector("Features", frame.Features, frame.Columns, i => i);
        var transformed = fixture.Risk.Transformer.Transform(view);
        var mlNetScores = transformed.GetColumn<float>("Score").ToArray();
        var mlNetProbabilities = transformed.GetColumn<float>("Probability").ToArray();

        Assert.True(frame.Rows > 10_000, $"{frame.Rows} rows");
        Assert.Equal(Array.ConvertAll(mlNetScores, BitConverter.SingleToInt32Bits), Array.ConvertAll(ours, BitConverter.SingleToInt32Bits));
        Assert.Equal(mlNetProbabilities.Select(p => (double)p), ours.Select(fixture.Risk.Probability));
        Assert.True(ours.Distinct().Count() > 1_000);
    }

    [Theory]
    [MemberData(nameof(Lanes))]
    public void Score_ValuesOnThresholdsShallowAndEmptyTrees_EqualsNodeByNodeWalk(int lanes)
    {
        var trees = SyntheticTrees.Ensemble(seed: 3, trees: 40, features: 7, maxDepth: 5).Trees
            .Append(new TreeNodes([], [], [], [], [0.0], [1.0]))
            .Append(new TreeNodes([~0], [~1], [2], [0.5f], [0.25, -0.75], [3, 4]))
            .ToArray();
        var ensemble = new TreeEnsemble(trees, 7);
        var rows = SyntheticTrees.Rows(seed: 4, ensemble, rows: 1_003);
        var ours = new float[1_003];

        ForestEvaluator.Create(ensemble, lanes).Score(rows, 1_003, ours, threads: 2);

        for (var r = 0; r < 1_003; r++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(ensemble.Score(rows.AsSpan(r * 7, 7))), BitConverter.SingleToInt32Bits(ours[r]));
        }
    }

    [Theory]
    [MemberData(nameof(Lanes))]
    public void CountLeaves_WeightedRows_SameCoversAsWalkAndTotalPerTree(int lanes)
    {
        var ensemble = SyntheticTrees.Ensemble(seed: 5, trees: 12, features: 5, maxDepth: 4);
        var rows = SyntheticTrees.Rows(seed: 6, ensemble, rows: 517);
        var weights = Enumerable.Range(0, 517).Select(i => 0.5f + (i % 3)).ToArray();

        var covers = ForestEvaluator.Create(ensemble, lanes).CountLeaves(rows, 517, weights, threads: 2);

        var total = weights.Sum(w => (double)w);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var expected = new double[ensemble.Trees[t].Leaf.Length];
            for (var r = 0; r < 517; r++)
            {
                expected[ensemble.Trees[t].LeafOf(rows.AsSpan(r * 5, 5))] += weights[r];
            }

            Assert.Equal(expected, covers[t]);
            Assert.Equal(total, covers[t].Sum(), 9);
        }
    }

    [Fact]
    public void Create_TreeDeeperThanFive_WalksNodeByNodeAndSaysWhy()
    {
        var deep = SyntheticTrees.Ensemble(seed: 7, trees: 3, features: 4, maxDepth: 7);
        Assert.Contains(deep.Trees, t => t.Depth() > ForestEvaluator.Depth);
        var rows = SyntheticTrees.Rows(seed: 8, deep, rows: 50);
        var ours = new float[50];

        var evaluator = ForestEvaluator.Create(deep);
        evaluator.Score(rows, 50, ours, threads: 1);

        Assert.Equal(0, evaluator.Lanes);
        Assert.Contains("deeper than 5", evaluator.ScalarReason, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 50).Select(r => deep.Score(rows.AsSpan(r * 4, 4))), ours);
    }
}
