using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RevivalAnalytics.Models.Trees;

/// <summary>
/// Scores a <see cref="TreeEnsemble"/> for millions of rows. ML.NET's <c>Transform</c> walks one row through one tree
/// at a time (about 5 µs a row on one core: 9.6–11.8 s for 2,000,000 rows × 300 trees here), branching at every split
/// on data no branch predictor can learn. Here every tree is padded to a complete tree of depth <see cref="Depth"/>,
/// and sixteen rows (AVX-512; eight with AVX2) go through it together: every split compares all the rows at once,
/// each level picks its rows' results with selects instead of branches, and the leaf values come from permutes
/// (AVX-512) or gathers (AVX2).
/// <para>
/// The scores are ML.NET's bit for bit: the same comparison (<c>value ≤ threshold</c> goes left, written as
/// <c>value ≥ the next float above the threshold</c> goes right), and each row's leaf values are added in double, tree
/// by tree in ML.NET's order from 0, then rounded to float. Rows must be in the model's coding, without NaN (the risk
/// features code a missing value as <see cref="RiskFeatures.Missing"/>). Ensembles with a tree deeper than
/// <see cref="Depth"/>, and machines with neither AVX-512 nor AVX2, are scored by a plain walk with the same
/// arithmetic.
/// </para>
/// </summary>
internal sealed class ForestEvaluator
{
    /// <summary>The depth every tree is padded to: its 32 leaves fill exactly two 16-lane registers of indexes.</summary>
    public const int Depth = 5;

    private const int Splits = (1 << Depth) - 1;
    private const int Leaves = 1 << Depth;

    // Rows per parallel work item: enough to amortise scheduling, small enough to balance two threads.
    private const int RowsPerTask = 16 * 1024;

    private readonly TreeEnsemble _ensemble;

    // Per padded split: its feature and the smallest value that goes right. A padding split has −∞ and always goes
    // right; every padded leaf below an original leaf carries its value, and _leafMap says which original leaf it is.
    private readonly int[] _features;
    private readonly float[] _thresholds;
    private readonly double[] _leaves;
    private readonly int[] _leafMap;

    private ForestEvaluator(TreeEnsemble ensemble, int lanes, int[] features, float[] thresholds, double[] leaves, int[] leafMap, string? reason)
    {
        _ensemble = ensemble;
        Lanes = lanes;
        _features = features;
        _thresholds = thresholds;
        _leaves = leaves;
        _leafMap = leafMap;
        ScalarReason = reason;
    }

    /// <summary>Rows per vector on this machine: 16 with AVX-512, 8 with AVX2, 0 without either.</summary>
    public static int WidestLanes => Avx512F.IsSupported ? 16 : Avx2.IsSupported ? 8 : 0;

    /// <summary>Rows evaluated together: 16 (AVX-512), 8 (AVX2), or 0 for the plain walk.</summary>
    public int Lanes { get; }

    /// <summary>Why the plain walk is used, or null when the vector kernel is.</summary>
    public string? ScalarReason { get; }

    /// <summary>Prepares the ensemble for scoring.</summary>
    /// <param name="ensemble">The trees.</param>
    /// <param name="lanes">16, 8 or 0 (plain walk); by default the widest this machine has. Tests choose each.</param>
    public static ForestEvaluator Create(TreeEnsemble ensemble, int? lanes = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var width = lanes ?? WidestLanes;
        if (width is not (16 or 8 or 0) || (width == 16 && !Avx512F.IsSupported) || (width == 8 && !Avx2.IsSupported))
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "This machine cannot run that many lanes.");
        }

        var deep = ensemble.Trees.FirstOrDefault(t => t.Depth() > Depth);
        if (width == 0 || deep is not null)
        {
            var reason = width == 0 ? (WidestLanes == 0 ? "no AVX-512 or AVX2" : "plain walk requested") : $"a tree deeper than {Depth}";
            return new ForestEvaluator(ensemble, 0, [], [], [], [], reason);
        }

        var count = ensemble.Trees.Count;
        var features = new int[count * Splits];
        var thresholds = new float[count * Splits];
        var leaves = new double[count * Leaves];
        var leafMap = new int[count * Leaves];
        for (var t = 0; t < count; t++)
        {
            var tree = ensemble.Trees[t];
            var treeFeatures = features.AsSpan(t * Splits, Splits);
            var treeThresholds = thresholds.AsSpan(t * Splits, Splits);
            if (tree.Nodes == 0)
            {
                FillLeaf(0, 0, tree.Leaf[0], 0, treeFeatures, treeThresholds, leaves.AsSpan(t * Leaves, Leaves), leafMap.AsSpan(t * Leaves, Leaves));
            }
            else
            {
                Pad(tree, 0, 0, 0, treeFeatures, treeThresholds, leaves.AsSpan(t * Leaves, Leaves), leafMap.AsSpan(t * Leaves, Leaves));
            }
        }

        return new ForestEvaluator(ensemble, width, features, thresholds, leaves, leafMap, null);
    }

    /// <summary>ML.NET's score of every row of row-major <paramref name="rows"/> into <paramref name="output"/>.</summary>
    public unsafe void Score(ReadOnlySpan<float> rows, int count, float[] output, int threads)
    {
        Check(rows, count, output.Length);
        fixed (float* values = rows)
        {
            var source = (nint)values;
            ForEachTask(count, threads, (first, end) =>
            {
                switch (Lanes)
                {
                    case 16:
                        ScoreRows<Avx512Lanes, Vector512<float>>((float*)source, first, end, output);
                        break;
                    case 8:
                        ScoreRows<Avx2Lanes, Vector256<float>>((float*)source, first, end, output);
                        break;
                    default:
                        for (var r = first; r < end; r++)
                        {
                            output[r] = _ensemble.Score(new ReadOnlySpan<float>((float*)source + ((long)r * _ensemble.Features), _ensemble.Features));
                        }

                        break;
                }
            });
        }
    }

    /// <summary>The weight of the rows that reach each leaf of each tree (the covers TreeSHAP needs).</summary>
    /// <param name="rows">Row-major rows in the model's coding.</param>
    /// <param name="count">Rows.</param>
    /// <param name="weights">A weight per row, or empty for 1 each.</param>
    /// <param name="threads">Threads.</param>
    /// <returns>Per tree, per leaf, the summed weight.</returns>
    public unsafe double[][] CountLeaves(ReadOnlySpan<float> rows, int count, ReadOnlySpan<float> weights, int threads)
    {
        Check(rows, count, count);
        if (weights.Length != 0 && weights.Length != count)
        {
            throw new ArgumentException($"{weights.Length} weights for {count} rows.", nameof(weights));
        }

        var trees = _ensemble.Trees.Count;
        var padded = Lanes == 0 ? trees * Leaves : _leaves.Length;
        var totals = new double[padded];
        var gate = new object();
        fixed (float* values = rows)
        fixed (float* w = weights)
        {
            var source = (nint)values;
            var weightSource = weights.Length == 0 ? 0 : (nint)w;
            ForEachTask(count, threads, (first, end) =>
            {
                var local = new double[padded];
                switch (Lanes)
                {
                    case 16:
                        CountRows<Avx512Lanes, Vector512<float>>((float*)source, (float*)weightSource, first, end, local);
                        break;
                    case 8:
                        CountRows<Avx2Lanes, Vector256<float>>((float*)source, (float*)weightSource, first, end, local);
                        break;
                    default:
                        for (var r = first; r < end; r++)
                        {
                            var row = new ReadOnlySpan<float>((float*)source + ((long)r * _ensemble.Features), _ensemble.Features);
                            var weight = weightSource == 0 ? 1.0 : ((float*)weightSource)[r];
                            for (var t = 0; t < trees; t++)
                            {
                                local[(t * Leaves) + _ensemble.Trees[t].LeafOf(row)] += weight;
                            }
                        }

                        break;
                }

                lock (gate)
                {
                    for (var i = 0; i < padded; i++)
                    {
                        totals[i] += local[i];
                    }
                }
            });
        }

        var result = new double[trees][];
        for (var t = 0; t < trees; t++)
        {
            var covers = result[t] = new double[_ensemble.Trees[t].Leaf.Length];
            for (var l = 0; l < Leaves; l++)
            {
                var original = Lanes == 0 ? l : _leafMap[(t * Leaves) + l];
                if (original < covers.Length)
                {
                    covers[original] += totals[(t * Leaves) + l];
                }
            }
        }

        return result;
    }

    private void Check(ReadOnlySpan<float> rows, int count, int outputs)
    {
        if (rows.Length != (long)count * _ensemble.Features || outputs < count)
        {
            throw new ArgumentException($"{rows.Length} values for {count} rows of {_ensemble.Features} features, {outputs} outputs.", nameof(rows));
        }
    }

    private static void ForEachTask(int count, int threads, Action<int, int> run)
    {
        var tasks = (count + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, task =>
        {
            var first = task * RowsPerTask;
            run(first, Math.Min(count, first + RowsPerTask));
        });
    }

    // Fully optimised from the first call: scoring runs once per process, too short for tiered compilation to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ScoreRows<TLanes, TVector>(float* data, int first, int end, float[] output)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var features = _ensemble.Features;
        var blockValues = new float[features * Lanes];
        var sums = stackalloc double[Lanes];
        fixed (float* block = blockValues)
        fixed (int* splitFeatures = _features)
        fixed (float* thresholds = _thresholds)
        fixed (double* leaves = _leaves)
        {
            for (var row = first; row < end; row += Lanes)
            {
                var count = Math.Min(Lanes, end - row);
                Transpose(data + ((long)row * features), count, block);
                new Span<double>(sums, Lanes).Clear();
                for (var t = 0; t < _ensemble.Trees.Count; t++)
                {
                    var index = LeafIndex<TLanes, TVector>(block, splitFeatures + (t * Splits), thresholds + (t * Splits));
                    TLanes.AddLeaves(index, leaves + (t * Leaves), sums);
                }

                for (var lane = 0; lane < count; lane++)
                {
                    output[row + lane] = (float)sums[lane];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void CountRows<TLanes, TVector>(float* data, float* weights, int first, int end, double[] counts)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var features = _ensemble.Features;
        var blockValues = new float[features * Lanes];
        var indexes = stackalloc int[Lanes];
        fixed (float* block = blockValues)
        fixed (int* splitFeatures = _features)
        fixed (float* thresholds = _thresholds)
        {
            for (var row = first; row < end; row += Lanes)
            {
                var count = Math.Min(Lanes, end - row);
                Transpose(data + ((long)row * features), count, block);
                for (var t = 0; t < _ensemble.Trees.Count; t++)
                {
                    TLanes.StoreIndexes(LeafIndex<TLanes, TVector>(block, splitFeatures + (t * Splits), thresholds + (t * Splits)), indexes);
                    for (var lane = 0; lane < count; lane++)
                    {
                        counts[(t * Leaves) + indexes[lane]] += weights == null ? 1.0 : weights[row + lane];
                    }
                }
            }
        }
    }

    /// <summary>Rows to feature-major lanes. Lanes past the last row repeat it; their results are not used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Transpose(float* rows, int count, float* block)
    {
        var features = _ensemble.Features;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var row = rows + ((long)Math.Min(lane, count - 1) * features);
            for (var f = 0; f < features; f++)
            {
                block[(f * Lanes) + lane] = row[f];
            }
        }
    }

    /// <summary>Each row's leaf among the padded tree's 32, as lane bits d0 … d4 (the rows that went right at each level).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe TVector LeafIndex<TLanes, TVector>(float* block, int* features, float* thresholds)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        // A level-k node is 2^k − 1 plus the bits d_0 … d_(k−1).
        var d0 = Right<TLanes, TVector>(block, features, thresholds, 0);
        var d1 = Pair<TLanes, TVector>(d0, block, features, thresholds, 1);
        var d2 = TLanes.Pick(d0, Pair<TLanes, TVector>(d1, block, features, thresholds, 5), Pair<TLanes, TVector>(d1, block, features, thresholds, 3));
        var d3 = TLanes.Pick(d0,
            TLanes.Pick(d1, Pair<TLanes, TVector>(d2, block, features, thresholds, 13), Pair<TLanes, TVector>(d2, block, features, thresholds, 11)),
            TLanes.Pick(d1, Pair<TLanes, TVector>(d2, block, features, thresholds, 9), Pair<TLanes, TVector>(d2, block, features, thresholds, 7)));
        var d4 = TLanes.Pick(d0,
            TLanes.Pick(d1,
                TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, features, thresholds, 29), Pair<TLanes, TVector>(d3, block, features, thresholds, 27)),
                TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, features, thresholds, 25), Pair<TLanes, TVector>(d3, block, features, thresholds, 23))),
            TLanes.Pick(d1,
                TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, features, thresholds, 21), Pair<TLanes, TVector>(d3, block, features, thresholds, 19)),
                TLanes.Pick(d2, Pair<TLanes, TVector>(d3, block, features, thresholds, 17), Pair<TLanes, TVector>(d3, block, features, thresholds, 15))));
        return TLanes.Index(d0, d1, d2, d3, d4);
    }

    /// <summary>The rows that go right at split <paramref name="split"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe TVector Right<TLanes, TVector>(float* block, int* features, float* thresholds, int split)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct =>
        TLanes.AtLeast(block + (features[split] * Lanes), thresholds[split]);

    /// <summary>Of the sibling splits <paramref name="left"/> and <paramref name="left"/> + 1, the one each row reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe TVector Pair<TLanes, TVector>(TVector right, float* block, int* features, float* thresholds, int left)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct =>
        TLanes.Pick(right, Right<TLanes, TVector>(block, features, thresholds, left + 1), Right<TLanes, TVector>(block, features, thresholds, left));

    /// <summary>
    /// Writes the subtree at <paramref name="node"/> into complete-tree position <paramref name="position"/> (children
    /// of p at 2p + 1 and 2p + 2); a leaf above the last level fills all the leaves below it.
    /// </summary>
    private static void Pad(TreeNodes tree, int node, int position, int level, Span<int> features, Span<float> thresholds, Span<double> leaves, Span<int> leafMap)
    {
        if (node < 0)
        {
            FillLeaf(position, level, tree.Leaf[~node], ~node, features, thresholds, leaves, leafMap);
            return;
        }

        features[position] = tree.Feature[node];

        // value ≤ t goes left, so value ≥ the next float above t goes right (exact for every non-NaN float).
        thresholds[position] = MathF.BitIncrement(tree.Threshold[node]);
        Pad(tree, tree.Left[node], (2 * position) + 1, level + 1, features, thresholds, leaves, leafMap);
        Pad(tree, tree.Right[node], (2 * position) + 2, level + 1, features, thresholds, leaves, leafMap);
    }

    private static void FillLeaf(int position, int level, double value, int leaf, Span<int> features, Span<float> thresholds, Span<double> leaves, Span<int> leafMap)
    {
        if (level == Depth)
        {
            leaves[position - Splits] = value;
            leafMap[position - Splits] = leaf;
            return;
        }

        features[position] = 0;
        thresholds[position] = float.NegativeInfinity;
        FillLeaf((2 * position) + 1, level + 1, value, leaf, features, thresholds, leaves, leafMap);
        FillLeaf((2 * position) + 2, level + 1, value, leaf, features, thresholds, leaves, leafMap);
    }

    /// <summary>The vector operations of one register width; the kernels are written once over them.</summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        /// <summary>All-ones lanes where the values at <paramref name="values"/> are ≥ <paramref name="threshold"/>.</summary>
        static abstract unsafe TVector AtLeast(float* values, float threshold);

        static abstract TVector Pick(TVector right, TVector ifRight, TVector ifLeft);

        /// <summary>The path bits d0 … d4 as each row's leaf index (0–31), in the integer lanes of the vector.</summary>
        static abstract TVector Index(TVector d0, TVector d1, TVector d2, TVector d3, TVector d4);

        /// <summary>Adds each row's leaf value (of 32 doubles at <paramref name="leaves"/>) to its double sum.</summary>
        static abstract unsafe void AddLeaves(TVector index, double* leaves, double* sums);

        static abstract unsafe void StoreIndexes(TVector index, int* destination);
    }

    private readonly struct Avx512Lanes : ILanes<Vector512<float>>
    {
        public static unsafe Vector512<float> AtLeast(float* values, float threshold) =>
            Vector512.GreaterThanOrEqual(Vector512.Load(values), Vector512.Create(threshold));

        public static Vector512<float> Pick(Vector512<float> right, Vector512<float> ifRight, Vector512<float> ifLeft) =>
            Vector512.ConditionalSelect(right, ifRight, ifLeft);

        public static Vector512<float> Index(Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4) =>
            ((d0.AsInt32() & Vector512.Create(16)) | (d1.AsInt32() & Vector512.Create(8)) | (d2.AsInt32() & Vector512.Create(4))
                | (d3.AsInt32() & Vector512.Create(2)) | (d4.AsInt32() & Vector512.Create(1))).AsSingle();

        public static unsafe void AddLeaves(Vector512<float> index, double* leaves, double* sums)
        {
            // Sixteen rows, eight doubles a register: each half widens its indexes to 64 bits and picks among the 32
            // leaves with two two-register permutes and a select on bit 4.
            var l0 = Vector512.Load(leaves);
            var l1 = Vector512.Load(leaves + 8);
            var l2 = Vector512.Load(leaves + 16);
            var l3 = Vector512.Load(leaves + 24);
            var indexes = index.AsInt32();
            var low = Avx512F.ConvertToVector512Int64(indexes.GetLower());
            var high = Avx512F.ConvertToVector512Int64(indexes.GetUpper());
            Vector512.Store(Vector512.Load(sums) + Leaf(low, l0, l1, l2, l3), sums);
            Vector512.Store(Vector512.Load(sums + 8) + Leaf(high, l0, l1, l2, l3), sums + 8);
        }

        public static unsafe void StoreIndexes(Vector512<float> index, int* destination) => index.AsInt32().Store(destination);

        private static Vector512<double> Leaf(Vector512<long> index, Vector512<double> l0, Vector512<double> l1, Vector512<double> l2, Vector512<double> l3)
        {
            var first = Avx512F.PermuteVar8x64x2(l0, index, l1);
            var second = Avx512F.PermuteVar8x64x2(l2, index, l3);
            var upper = Vector512.Equals(index & Vector512.Create(16L), Vector512.Create(16L)).AsDouble();
            return Vector512.ConditionalSelect(upper, second, first);
        }
    }

    private readonly struct Avx2Lanes : ILanes<Vector256<float>>
    {
        public static unsafe Vector256<float> AtLeast(float* values, float threshold) =>
            Vector256.GreaterThanOrEqual(Vector256.Load(values), Vector256.Create(threshold));

        public static Vector256<float> Pick(Vector256<float> right, Vector256<float> ifRight, Vector256<float> ifLeft) =>
            Vector256.ConditionalSelect(right, ifRight, ifLeft);

        public static Vector256<float> Index(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, Vector256<float> d4) =>
            ((d0.AsInt32() & Vector256.Create(16)) | (d1.AsInt32() & Vector256.Create(8)) | (d2.AsInt32() & Vector256.Create(4))
                | (d3.AsInt32() & Vector256.Create(2)) | (d4.AsInt32() & Vector256.Create(1))).AsSingle();

        public static unsafe void AddLeaves(Vector256<float> index, double* leaves, double* sums)
        {
            var indexes = index.AsInt32();
            Vector256.Store(Vector256.Load(sums) + Avx2.GatherVector256(leaves, indexes.GetLower(), 8), sums);
            Vector256.Store(Vector256.Load(sums + 4) + Avx2.GatherVector256(leaves, indexes.GetUpper(), 8), sums + 4);
        }

        public static unsafe void StoreIndexes(Vector256<float> index, int* destination) => index.AsInt32().Store(destination);
    }
}
