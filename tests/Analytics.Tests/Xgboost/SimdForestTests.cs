using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using RevivalAnalytics.Xgboost;
using Xunit;

namespace RevivalAnalytics.Tests.Xgboost;

/// <summary>
/// The booster's own tree evaluator (<see cref="SimdForest"/>, behind <see cref="XgbBooster.Predict(ReadOnlySpan{float}, int, int)"/>)
/// against XGBoost's prediction through a matrix: the same floats, bit for bit, or XGBoost itself where the forest
/// cannot express the model.
/// </summary>
public sealed class SimdForestTests(XgbModelFixture model) : IClassFixture<XgbModelFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Every register width this machine has (16 = AVX-512, 8 = AVX2), or 0 when it has neither.</summary>
    public static TheoryData<int> Widths
    {
        get
        {
            var widths = new TheoryData<int>();
            if (Avx512F.IsSupported)
            {
                widths.Add(16);
            }

            if (Avx2.IsSupported)
            {
                widths.Add(8);
            }

            if (widths.Count == 0)
            {
                widths.Add(0);
            }

            return widths;
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Predict_EachRegisterWidth_SameAsXgboostBitForBit(int lanes)
    {
        using var deep = Train(XgbModelFixture.Options with { MaxDepth = 5, Rounds = 30 });
        using var shallow = Train(XgbModelFixture.Options with { MaxDepth = 3, Rounds = 20 });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 5);
        rows -= 3;
        values = values[..(rows * XgbModelFixture.Columns)];

        foreach (var booster in new[] { deep, shallow })
        {
            var forest = SimdForest.TryCreate(booster.ModelJson(), out var reason, lanes);
            if (lanes == 0)
            {
                Assert.Null(forest);
                Assert.Equal("no AVX-512 or AVX2", reason);
                continue;
            }

            Assert.NotNull(forest);
            Assert.Equal(lanes, forest.Lanes);
            var predictions = new float[rows];
            forest.Predict(values, rows, predictions, threads: 2);
            using var matrix = XgbMatrix.FromDense(values, rows, XgbModelFixture.Columns, []);
            Assert.Equal(
                Array.ConvertAll(booster.Predict(matrix), BitConverter.SingleToInt32Bits),
                Array.ConvertAll(predictions, BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Predict_MissingValuesInEveryFeature_SameAsXgboostBitForBit()
    {
        using var booster = Train(XgbModelFixture.Options with { MaxDepth = 5, Rounds = 40 });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 5);

        AssertSameAsXgboost(booster, values, rows);
        Assert.Equal(SimdForest.IsSupported, booster.PredictionPath.Simd);

        // Both default directions occur, so both copies of a feature in the forest's blocks are exercised.
        using var json = JsonDocument.Parse(booster.ModelJson());
        var splits = json.RootElement.GetProperty("learner").GetProperty("gradient_booster").GetProperty("model").GetProperty("trees")
            .EnumerateArray()
            .SelectMany(tree => tree.GetProperty("left_children").EnumerateArray().Zip(tree.GetProperty("default_left").EnumerateArray()))
            .Where(node => node.First.GetInt32() != -1)
            .Select(node => node.Second.GetInt32())
            .ToArray();
        Assert.Contains(0, splits);
        Assert.Contains(1, splits);
    }

    [Fact]
    public void Predict_TreesShallowerThanFive_PaddedAndSameAsXgboost()
    {
        using var booster = Train(XgbModelFixture.Options with { MaxDepth = 2, Rounds = 25 });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 7);

        AssertSameAsXgboost(booster, values, rows);
        Assert.Equal(SimdForest.IsSupported, booster.PredictionPath.Simd);
    }

    [Fact]
    public void Predict_SquaredErrorWithBaseScore_SameAsXgboost()
    {
        using var booster = Train(XgbModelFixture.Options with
        {
            Objective = "reg:squarederror",
            EvalMetrics = [],
            AdditionalParameters = new Dictionary<string, string> { ["base_score"] = "0.3" },
        });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 6);

        var predictions = AssertSameAsXgboost(booster, values, rows);
        Assert.Equal(SimdForest.IsSupported, booster.PredictionPath.Simd);
        Assert.True(predictions.Distinct().Count() > 100, "a regression gives many distinct values");
    }

    [Fact]
    public void Predict_LogisticWithBaseScore_SameAsXgboost()
    {
        using var booster = Train(XgbModelFixture.Options with
        {
            MaxDepth = 5,
            Rounds = 20,
            AdditionalParameters = new Dictionary<string, string> { ["base_score"] = "0.2" },
        });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 9);

        AssertSameAsXgboost(booster, values, rows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(16_401)]
    public void Predict_RowCountsAroundBlocksAndTasks_SameAsXgboost(int rows)
    {
        var values = model.Data.Features.AsSpan(0, rows * XgbModelFixture.Columns).ToArray();

        var predictions = AssertSameAsXgboost(model.Booster, values, rows);

        Assert.Equal(rows, predictions.Length);
    }

    [Fact]
    public void Predict_FromSeveralThreadsAtOnce_SameAsOneAtATime()
    {
        var (values, rows) = TestRowsWithMissingValues(everyNth: 4);
        var expected = model.Booster.Predict(values, rows, XgbModelFixture.Columns);

        var results = new float[4][];
        Parallel.For(0, results.Length, i => results[i] = model.Booster.Predict(values, rows, XgbModelFixture.Columns));

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void PredictionPath_TreesDeeperThanFive_XgboostPredictsAndSaysWhy()
    {
        using var booster = Train(XgbModelFixture.Options with { MaxDepth = 8, Rounds = 10 });
        var (values, rows) = TestRowsWithMissingValues(everyNth: 5);

        AssertSameAsXgboost(booster, values, rows);
        var (simd, reason) = booster.PredictionPath;
        Assert.False(simd);
        Assert.Equal(SimdForest.IsSupported ? "a tree deeper than 5" : "no AVX-512 or AVX2", reason);
    }

    [Fact]
    public void PredictionPath_MultiClassModel_XgboostPredictsAndSaysWhy()
    {
        using var booster = Train(XgbModelFixture.Options with
        {
            Objective = "multi:softprob",
            Rounds = 3,
            EvalMetrics = [],
            AdditionalParameters = new Dictionary<string, string> { ["num_class"] = "2" },
        });
        var values = model.Data.Features.AsSpan(0, 40 * XgbModelFixture.Columns).ToArray();

        var predictions = booster.Predict(values, 40, XgbModelFixture.Columns);

        Assert.Equal(80, predictions.Length);
        var (simd, reason) = booster.PredictionPath;
        Assert.False(simd);
        Assert.Equal(SimdForest.IsSupported ? "objective multi:softprob" : "no AVX-512 or AVX2", reason);
    }

    [Fact]
    public void TryCreate_DartBooster_RefusesNamingIt()
    {
        using var booster = Train(XgbModelFixture.Options with
        {
            Rounds = 3,
            AdditionalParameters = new Dictionary<string, string> { ["booster"] = "dart" },
        });

        var forest = SimdForest.TryCreate(booster.ModelJson(), out var reason);

        Assert.Null(forest);
        Assert.Equal("booster dart", reason);
    }

    [Fact]
    public void TryCreate_FixtureModel_ReadsEveryTreeAndFeature()
    {
        var forest = SimdForest.TryCreate(model.Booster.ModelJson(), out var reason);

        Assert.NotNull(forest);
        Assert.Null(reason);
        Assert.Equal(XgbModelFixture.Options.Rounds, forest.Trees);
        Assert.Equal(XgbModelFixture.Columns, forest.Features);
    }

    private XgbBooster Train(XgbTrainOptions options) => XgbBooster.Train(model.Train, options, cancellationToken: Token);

    /// <summary>The fixture's test rows with every <paramref name="everyNth"/>-th value missing, so every feature's splits meet missing values.</summary>
    private (float[] Values, int Rows) TestRowsWithMissingValues(int everyNth)
    {
        var test = model.Data.Slice(XgbModelFixture.TrainRows, XgbModelFixture.TestRows);
        var values = test.Features.ToArray();
        for (var i = 0; i < values.Length; i += everyNth)
        {
            values[i] = float.NaN;
        }

        return (values, test.Rows);
    }

    private static float[] AssertSameAsXgboost(XgbBooster booster, float[] values, int rows)
    {
        using var matrix = XgbMatrix.FromDense(values, rows, XgbModelFixture.Columns, []);
        var expected = booster.Predict(matrix);

        var actual = booster.Predict(values, rows, XgbModelFixture.Columns);

        // Bit patterns, so that even −0 against +0 or two different NaNs would fail.
        Assert.Equal(
            Array.ConvertAll(expected, BitConverter.SingleToInt32Bits),
            Array.ConvertAll(actual, BitConverter.SingleToInt32Bits));
        return actual;
    }
}
