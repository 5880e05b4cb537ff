namespace RevivalAnalytics.Models.Trees;

/// <summary>
/// Exact SHAP values of a tree ensemble (TreeSHAP, Lundberg, Erion and Lee 2018, algorithm 2, "path-dependent"):
/// each feature's contribution to one row's score, with the expectation over the training rows taken through the
/// trees' covers. ML.NET's <c>CalculateFeatureContribution</c> is not this (it credits each split's gain along the
/// row's path, Saabas-style), so it is computed here from the ensemble ML.NET trained. The contributions of a row
/// and <see cref="ExpectedValue"/> add up to the row's score.
/// </summary>
internal sealed class TreeShap
{
    private readonly TreeEnsemble _ensemble;
    private readonly double[][] _nodeCovers;
    private readonly int _maxDepth;

    public TreeShap(TreeEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        _ensemble = ensemble;
        _nodeCovers = [.. ensemble.Trees.Select(t => t.NodeCovers())];
        _maxDepth = ensemble.Trees.Count == 0 ? 0 : ensemble.Trees.Max(t => t.Depth());
        ExpectedValue = ensemble.Trees.Sum(t =>
        {
            var total = t.LeafCover.Sum();
            return total > 0 ? t.Leaf.Select((v, i) => v * t.LeafCover[i]).Sum() / total : t.Leaf.Average();
        });
    }

    /// <summary>The score expected over the training rows: what the contributions are measured from.</summary>
    public double ExpectedValue { get; }

    /// <summary>Each feature's contribution to <paramref name="row"/>'s score.</summary>
    /// <param name="row">One row in the model's coding.</param>
    /// <param name="contributions">Receives one value per feature (cleared first).</param>
    public void Explain(ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (row.Length != _ensemble.Features || contributions.Length != _ensemble.Features)
        {
            throw new ArgumentException($"{row.Length} values and {contributions.Length} outputs for {_ensemble.Features} features.", nameof(row));
        }

        contributions.Clear();
        // Each level of the recursion keeps its path right after its parent's: at most 1 + 2 + … + (depth + 2) elements.
        var path = new PathElement[(_maxDepth + 3) * (_maxDepth + 4) / 2];
        for (var t = 0; t < _ensemble.Trees.Count; t++)
        {
            var tree = _ensemble.Trees[t];
            if (tree.Nodes > 0)
            {
                Recurse(tree, _nodeCovers[t], row, contributions, 0, path, 0, 0, 1, 1, -1);
            }
        }
    }

    private static double Cover(TreeNodes tree, double[] nodeCovers, int child) => child < 0 ? tree.LeafCover[~child] : nodeCovers[child];

    private static void Recurse(
        TreeNodes tree, double[] nodeCovers, ReadOnlySpan<float> row, Span<double> phi, int node, PathElement[] buffer, int parentOffset, int depth,
        double zeroFraction, double oneFraction, int feature)
    {
        // This call's path lives right after its parent's in the buffer: copy the parent's, then extend it.
        var offset = parentOffset + depth + 1;
        var path = buffer.AsSpan(offset, depth + 1);
        if (depth > 0)
        {
            buffer.AsSpan(parentOffset, depth).CopyTo(path);
        }

        Extend(path, depth, zeroFraction, oneFraction, feature);
        if (node < 0)
        {
            var value = tree.Leaf[~node];
            for (var i = 1; i <= depth; i++)
            {
                var weight = UnwoundSum(path, depth, i);
                phi[path[i].Feature] += weight * (path[i].OneFraction - path[i].ZeroFraction) * value;
            }

            return;
        }

        var split = tree.Feature[node];
        var goesLeft = row[split] <= tree.Threshold[node];
        var hot = goesLeft ? tree.Left[node] : tree.Right[node];
        var cold = goesLeft ? tree.Right[node] : tree.Left[node];
        var cover = nodeCovers[node];

        // A node no training row reached has no cover to split by; both sides then count half.
        var hotFraction = cover > 0 ? Cover(tree, nodeCovers, hot) / cover : 0.5;
        var coldFraction = cover > 0 ? Cover(tree, nodeCovers, cold) / cover : 0.5;
        double incomingZero = 1;
        double incomingOne = 1;

        // A feature split on again further down: undo its earlier step so that it counts once.
        var previous = 0;
        while (previous <= depth && path[previous].Feature != split)
        {
            previous++;
        }

        if (previous <= depth)
        {
            incomingZero = path[previous].ZeroFraction;
            incomingOne = path[previous].OneFraction;
            Unwind(path, depth, previous);
            depth--;
        }

        Recurse(tree, nodeCovers, row, phi, hot, buffer, offset, depth + 1, hotFraction * incomingZero, incomingOne, split);
        Recurse(tree, nodeCovers, row, phi, cold, buffer, offset, depth + 1, coldFraction * incomingZero, 0, split);
    }

    private static void Extend(Span<PathElement> path, int depth, double zeroFraction, double oneFraction, int feature)
    {
        path[depth] = new PathElement(feature, zeroFraction, oneFraction, depth == 0 ? 1 : 0);
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += oneFraction * path[i].Weight * (i + 1) / (depth + 1);
            path[i].Weight = zeroFraction * path[i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var weight = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = weight - (path[i].Weight * zero * (depth - i) / (depth + 1));
            }
            else
            {
                path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            path[i] = path[i + 1] with { Weight = path[i].Weight };
        }
    }

    private static double UnwoundSum(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].Weight;
        double total = 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var weight = next * (depth + 1) / ((i + 1) * one);
                total += weight;
                next = path[i].Weight - (weight * zero * (depth - i) / (depth + 1));
            }
            else if (zero != 0)
            {
                total += path[i].Weight / zero / ((depth - i) / (double)(depth + 1));
            }
        }

        return total;
    }

    private record struct PathElement(int Feature, double ZeroFraction, double OneFraction, double Weight);
}
