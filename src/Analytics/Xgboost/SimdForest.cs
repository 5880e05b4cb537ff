using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace RevivalAnalytics.Xgboost;

/// <summary>
/// A second evaluator for a booster's trees, for scoring millions of rows. XGBoost 1.7 walks one row through one
/// tree at a time, branching at every split on data no branch predictor can learn: 300 trees of depth 5 over
/// 2,000,000 rows took it about 5 s on two cores. Here every tree is padded to a complete tree of depth
/// <see cref="Depth"/>, and sixteen rows (AVX-512; eight with AVX2) go through it together: every split compares all
/// the rows at once, each level picks its rows' results with selects instead of branches, and the leaf value comes
/// from one permute (AVX-512) or gather (AVX2).
/// <para>
/// The results are XGBoost's bit for bit: the same comparison (<c>value &lt; split</c> goes left), missing values
/// (NaN) follow each split's default direction, and each row's sum starts at the base margin and adds the trees
/// one by one in float, in XGBoost's order. Models this cannot express (deeper trees, categorical splits, several
/// outputs, DART, other objectives) are left to XGBoost: <see cref="TryCreate"/> returns null with the reason.
/// </para>
/// </summary>
internal sealed class SimdForest
{
    /// <summary>The depth every tree is padded to: its 32 leaves fill exactly two 16-lane registers.</summary>
    public const int Depth = 5;

    private const int Splits = (1 << Depth) - 1;
    private const int Leaves = 1 << Depth;

    // Rows per parallel work item: enough to amortise scheduling, small enough to balance two threads.
    private const int RowsPerTask = 16 * 1024;

    // Per split, the offset of its feature's vector in a block, and the threshold. A block holds every feature twice,
    // missing values replaced by −∞ in the first copy and +∞ in the second, so "value ≥ threshold" on the copy of the
    // split's default direction gives XGBoost's choice for missing values without a separate test. A padding split
    // has threshold −∞ and always goes right; the leaves below it all carry the same value.
    private readonly int[] _offsets;
    private readonly float[] _thresholds;
    private readonly float[] _leaves;
    private readonly float _baseMargin;
    private readonly bool _logistic;

    private SimdForest(int lanes, int features, int trees, int[] offsets, float[] thresholds, float[] leaves, float baseMargin, bool logistic)
    {
        Lanes = lanes;
        Features = features;
        Trees = trees;
        _offsets = offsets;
        _thresholds = thresholds;
        _leaves = leaves;
        _baseMargin = baseMargin;
        _logistic = logistic;
    }

    /// <summary>The reason given on a machine with neither AVX-512 nor AVX2.</summary>
    public const string Unsupported = "no AVX-512 or AVX2";

    /// <summary>Whether this machine has the instructions the evaluator needs (AVX-512 or AVX2).</summary>
    public static bool IsSupported => WidestLanes > 0;

    /// <summary>Rows per vector on this machine: 16 with AVX-512, 8 with AVX2, 0 without either.</summary>
    public static int WidestLanes => Avx512F.IsSupported ? 16 : Avx2.IsSupported ? 8 : 0;

    /// <summary>Rows evaluated together: 16 (AVX-512) or 8 (AVX2).</summary>
    public int Lanes { get; }

    /// <summary>The number of feature columns the model reads.</summary>
    public int Features { get; }

    /// <summary>The number of trees.</summary>
    public int Trees { get; }

    /// <summary>Reads the trees from XGBoost's JSON model; null, with the reason, for a model it cannot evaluate exactly.</summary>
    /// <param name="modelJson">XGBoost's JSON model.</param>
    /// <param name="reason">Why not, when null is returned.</param>
    /// <param name="lanes">16 (AVX-512) or 8 (AVX2); by default the widest this machine has. Tests choose both.</param>
    public static SimdForest? TryCreate(ReadOnlySpan<byte> modelJson, out string? reason, int? lanes = null)
    {
        var width = lanes ?? WidestLanes;
        if (width is not (16 or 8) || (width == 16 && !Avx512F.IsSupported) || (width == 8 && !Avx2.IsSupported))
        {
            reason = Unsupported;
            return null;
        }

        using var document = JsonDocument.Parse(modelJson.ToArray());
        var learner = document.RootElement.GetProperty("learner");
        var parameters = learner.GetProperty("learner_model_param");
        var objective = learner.GetProperty("objective").GetProperty("name").GetString();
        var booster = learner.GetProperty("gradient_booster");
        var features = int.Parse(parameters.GetProperty("num_feature").GetString()!, CultureInfo.InvariantCulture);
        var baseScore = float.Parse(parameters.GetProperty("base_score").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

        bool logistic;
        float baseMargin;
        switch (objective)
        {
            case "binary:logistic":
                // XGBoost turns the base score into a margin once, in float: −log(1/p − 1).
                logistic = true;
                baseMargin = -MathF.Log((1.0f / baseScore) - 1.0f);
                break;
            case "reg:squarederror":
                logistic = false;
                baseMargin = baseScore;
                break;
            default:
                reason = $"objective {objective}";
                return null;
        }

        if (parameters.TryGetProperty("num_class", out var classes) && classes.GetString() is { } c && c != "0" && c != "1")
        {
            reason = "several classes";
            return null;
        }

        if (booster.GetProperty("name").GetString() != "gbtree")
        {
            reason = $"booster {booster.GetProperty("name").GetString()}";
            return null;
        }

        var model = booster.GetProperty("model");
        var trees = model.GetProperty("trees");
        var count = trees.GetArrayLength();
        var offsets = new int[count * Splits];
        var thresholds = new float[count * Splits];
        var leaves = new float[count * Leaves];
        var t = 0;
        foreach (var tree in trees.EnumerateArray())
        {
            var nodes = new TreeNodes(tree);
            if (nodes.Categorical)
            {
                reason = "categorical splits";
                return null;
            }

            if (!Pad(nodes, 0, 0, 0, offsets.AsSpan(t * Splits, Splits), thresholds.AsSpan(t * Splits, Splits), leaves.AsSpan(t * Leaves, Leaves), features, width))
            {
                reason = $"a tree deeper than {Depth}";
                return null;
            }

            t++;
        }

        foreach (var group in model.GetProperty("tree_info").EnumerateArray())
        {
            if (group.GetInt32() != 0)
            {
                reason = "several outputs";
                return null;
            }
        }

        reason = null;
        return new SimdForest(width, features, count, offsets, thresholds, leaves, baseMargin, logistic);
    }

    /// <summary>
    /// Predicts every row of row-major <paramref name="data"/> (NaN for missing) into <paramref name="output"/>: the
    /// probability for binary:logistic, the value for squared error.
    /// </summary>
    public unsafe void Predict(ReadOnlySpan<float> data, int rows, float[] output, int threads)
    {
        if (data.Length != (long)rows * Features || output.Length < rows)
        {
            throw new ArgumentException($"{data.Length} values for {rows} rows of {Features} features, {output.Length} outputs.", nameof(data));
        }

        var tasks = (rows + RowsPerTask - 1) / RowsPerTask;
        fixed (float* values = data)
        {
            var source = (nint)values;
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, task =>
            {
                var first = task * RowsPerTask;
                var end = Math.Min(rows, first + RowsPerTask);
                if (Lanes == 16)
                {
                    PredictRows<Avx512Lanes, Vector512<float>>((float*)source, first, end, output);
                }
                else
                {
                    PredictRows<Avx2Lanes, Vector256<float>>((float*)source, first, end, output);
                }
            });
        }
    }

    // Fully optimised from the first call: scoring runs once per process, too short for tiered compilation to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void PredictRows<TLanes, TVector>(float* data, int first, int end, float[] output)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        // On the heap: a model may have thousands of features, too many for the stack.
        var blockValues = new float[2 * Features * Lanes];
        var sums = stackalloc float[Lanes];
        fixed (float* block = blockValues)
        fixed (int* offsets = _offsets)
        fixed (float* thresholds = _thresholds)
        fixed (float* leaves = _leaves)
        {
            for (var row = first; row < end; row += Lanes)
            {
                var count = Math.Min(Lanes, end - row);
                Transpose(data + ((long)row * Features), count, block);
                TLanes.Store(Sum<TLanes, TVector>(block, offsets, thresholds, leaves), sums);
                for (var lane = 0; lane < count; lane++)
                {
                    // As XGBoost's logistic transform, in float, with the C library's expf (which MathF.Exp calls).
                    output[row + lane] = _logistic ? 1.0f / (1.0f + MathF.Exp(-sums[lane])) : sums[lane];
                }
            }
        }
    }

    /// <summary>
    /// Rows to feature-major lanes, each feature twice: missing as −∞ (default left) and as +∞ (default right). Lanes
    /// past the last row repeat it; their sums are not written out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Transpose(float* rows, int count, float* block)
    {
        for (var lane = 0; lane < Lanes; lane++)
        {
            var row = rows + ((long)Math.Min(lane, count - 1) * Features);
            for (var f = 0; f < Features; f++)
            {
                var value = row[f];
                var missing = float.IsNaN(value);
                block[(2 * f * Lanes) + lane] = missing ? float.NegativeInfinity : value;
                block[(((2 * f) + 1) * Lanes) + lane] = missing ? float.PositiveInfinity : value;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe TVector Sum<TLanes, TVector>(float* block, int* offsets, float* thresholds, float* leaves)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var sum = TLanes.Broadcast(_baseMargin);
        for (var t = 0; t < Trees; t++)
        {
            var o = offsets + (t * Splits);
            var s = thresholds + (t * Splits);

            // d_k: the rows that went right at level k. A level-k node is 2^k − 1 plus the bits d_0 … d_(k−1).
            var d0 = Right<TLanes, TVector>(block, o, s, 0);
            var d1 = Pair<TLanes, TVector>(d0, block, o, s, 1);
            var d2 = TLanes.Pick(d0, Pair<TLanes, TVector>(d1, block, o, s, 5), Pair<TLanes, TVector>(d1, block, o, s, 3));
            var d3 = TLanes.Pick(d0,
                TLanes.Pick(d1, Pair<TLanes, TVector>(d2, block, o, s, 13), Pair<TLanes, TVector>(d2, block, o, s, 11)),
                TLanes.Pick(d1, Pair<TLanes, TVector>(d2, block, o, s, 9), Pair<TLanes, TVector>(d2, block, o, s, 7)));
            var d4 = TLanes.Pick(d0,
                TLanes.Pick(d1,
                    TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, o, s, 29), Pair<TLanes, TVector>(d3, block, o, s, 27)),
                    TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, o, s, 25), Pair<TLanes, TVector>(d3, block, o, s, 23))),
                TLanes.Pick(d1,
                    TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, o, s, 21), Pair<TLanes, TVector>(d3, block, o, s, 19)),
                    TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, o, s, 17), Pair<TLanes, TVector>(d3, block, o, s, 15))));

            sum = TLanes.AddLeaf(sum, d0, d1, d2, d3, d4, leaves + (t * Leaves));
        }

        return sum;
    }

    /// <summary>The rows that go right at split <paramref name="split"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Right<TLanes, TVector>(float* block, int* offsets, float* thresholds, int split)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct =>
        TLanes.AtLeast(block + offsets[split], thresholds[split]);

    /// <summary>Of the sibling splits <paramref name="left"/> and <paramref name="left"/> + 1, the one each row reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Pair<TLanes, TVector>(TVector right, float* block, int* offsets, float* thresholds, int left)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct =>
        TLanes.Pick(right, Right<TLanes, TVector>(block, offsets, thresholds, left + 1), Right<TLanes, TVector>(block, offsets, thresholds, left));

    /// <summary>
    /// Writes XGBoost's subtree at <paramref name="node"/> into complete-tree position <paramref name="position"/>
    /// (children of p at 2p + 1 and 2p + 2); a leaf above the last level fills all the leaves below it.
    /// </summary>
    private static bool Pad(TreeNodes nodes, int node, int position, int level, Span<int> offsets, Span<float> thresholds, Span<float> leaves, int features, int lanes)
    {
        if (nodes.IsLeaf(node))
        {
            FillLeaf(position, level, nodes.Value(node), offsets, thresholds, leaves);
            return true;
        }

        var feature = nodes.Feature(node);
        if (level == Depth || feature < 0 || feature >= features)
        {
            return false;
        }

        offsets[position] = ((2 * feature) + (nodes.DefaultLeft(node) ? 0 : 1)) * lanes;
        thresholds[position] = nodes.Value(node);
        return Pad(nodes, nodes.Left(node), (2 * position) + 1, level + 1, offsets, thresholds, leaves, features, lanes)
            && Pad(nodes, nodes.Right(node), (2 * position) + 2, level + 1, offsets, thresholds, leaves, features, lanes);
    }

    private static void FillLeaf(int position, int level, float value, Span<int> offsets, Span<float> thresholds, Span<float> leaves)
    {
        if (level == Depth)
        {
            leaves[position - Splits] = value;
            return;
        }

        offsets[position] = 0;
        thresholds[position] = float.NegativeInfinity;
        FillLeaf((2 * position) + 1, level + 1, value, offsets, thresholds, leaves);
        FillLeaf((2 * position) + 2, level + 1, value, offsets, thresholds, leaves);
    }

    /// <summary>The vector operations of one register width; the kernels are written once over them.</summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract TVector Broadcast(float value);

        /// <summary>All-ones lanes where the values at <paramref name="values"/> are ≥ <paramref name="threshold"/>.</summary>
        static abstract unsafe TVector AtLeast(float* values, float threshold);

        static abstract TVector Pick(TVector right, TVector ifRight, TVector ifLeft);

        /// <summary>Adds each row's leaf: the path bits d0 … d4 make its index among the tree's 32 leaves.</summary>
        static abstract unsafe TVector AddLeaf(TVector sum, TVector d0, TVector d1, TVector d2, TVector d3, TVector d4, float* leaves);

        static abstract unsafe void Store(TVector sums, float* destination);
    }

    private readonly struct Avx512Lanes : ILanes<Vector512<float>>
    {
        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        public static unsafe Vector512<float> AtLeast(float* values, float threshold) =>
            Vector512.GreaterThanOrEqual(Vector512.Load(values), Vector512.Create(threshold));

        public static Vector512<float> Pick(Vector512<float> right, Vector512<float> ifRight, Vector512<float> ifLeft) =>
            Vector512.ConditionalSelect(right, ifRight, ifLeft);

        public static unsafe Vector512<float> AddLeaf(
            Vector512<float> sum, Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4, float* leaves)
        {
            var index = (d0.AsInt32() & Vector512.Create(16)) | (d1.AsInt32() & Vector512.Create(8)) | (d2.AsInt32() & Vector512.Create(4))
                | (d3.AsInt32() & Vector512.Create(2)) | (d4.AsInt32() & Vector512.Create(1));

            // The 32 leaves are exactly two registers: one permute across both finds every row's leaf.
            return sum + Avx512F.PermuteVar16x32x2(Vector512.Load(leaves), index, Vector512.Load(leaves + 16));
        }

        public static unsafe void Store(Vector512<float> sums, float* destination) => sums.Store(destination);
    }

    private readonly struct Avx2Lanes : ILanes<Vector256<float>>
    {
        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

        public static unsafe Vector256<float> AtLeast(float* values, float threshold) =>
            Vector256.GreaterThanOrEqual(Vector256.Load(values), Vector256.Create(threshold));

        public static Vector256<float> Pick(Vector256<float> right, Vector256<float> ifRight, Vector256<float> ifLeft) =>
            Vector256.ConditionalSelect(right, ifRight, ifLeft);

        public static unsafe Vector256<float> AddLeaf(
            Vector256<float> sum, Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, Vector256<float> d4, float* leaves)
        {
            var index = (d0.AsInt32() & Vector256.Create(16)) | (d1.AsInt32() & Vector256.Create(8)) | (d2.AsInt32() & Vector256.Create(4))
                | (d3.AsInt32() & Vector256.Create(2)) | (d4.AsInt32() & Vector256.Create(1));
            return sum + Avx2.GatherVector256(leaves, index, 4);
        }

        public static unsafe void Store(Vector256<float> sums, float* destination) => sums.Store(destination);
    }

    /// <summary>One tree of XGBoost's JSON model: parallel arrays by node id; a leaf keeps its value in split_conditions.</summary>
    private sealed class TreeNodes
    {
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly int[] _feature;
        private readonly float[] _value;
        private readonly bool[] _defaultLeft;

        public TreeNodes(JsonElement tree)
        {
            _left = Ints(tree.GetProperty("left_children"));
            _right = Ints(tree.GetProperty("right_children"));
            _feature = Ints(tree.GetProperty("split_indices"));
            _value = [.. tree.GetProperty("split_conditions").EnumerateArray().Select(v => v.GetSingle())];
            _defaultLeft = [.. tree.GetProperty("default_left").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetInt32() != 0 : v.GetBoolean())];
            Categorical = tree.TryGetProperty("split_type", out var types) && types.EnumerateArray().Any(v => v.GetInt32() != 0);
        }

        public bool Categorical { get; }

        public bool IsLeaf(int node) => _left[node] == -1;

        public int Left(int node) => _left[node];

        public int Right(int node) => _right[node];

        public int Feature(int node) => _feature[node];

        public float Value(int node) => _value[node];

        public bool DefaultLeft(int node) => _defaultLeft[node];

        private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt32())];
    }
}
