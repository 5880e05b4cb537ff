using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Models;

/// <summary>
/// Collects the feature query's rows chunk by chunk, straight into float blocks, and orders them by cutoff year and
/// household at the end. The query itself has no ORDER BY: sorting 10,000,000 wide rows in DuckDB cost more than
/// ordering the keys here, and the booster needs one fixed row order to be deterministic.
/// </summary>
internal sealed class RiskFrameBuilder
{
    private const int BlockRows = 4096;

    /// <summary>Columns come by position (the feature <c>county_class</c> repeats a key's name): keys, label, features.</summary>
    private const int LabelColumn = 5;
    private const int FirstFeatureColumn = 6;

    private static readonly string[] s_keyColumns = ["household_id", "cutoff_year", "county_code", "county_class", "sample_weight", "label"];

    private readonly int _columns = RiskFeatures.All.Count;
    private readonly List<float[]> _blocks = [];
    private readonly List<long> _householdIds = [];
    private readonly List<int> _cutoffYears = [];
    private readonly List<int> _countyCodes = [];
    private readonly List<int> _countyClasses = [];
    private readonly List<double> _sampleWeights = [];
    private readonly List<float> _labels = [];
    private bool _checked;
    private float[]? _chunkBuffer;
    private int _stored;

    public void Append(DuckDbQueryResult result, DuckDbChunk chunk)
    {
        if (!_checked)
        {
            CheckColumns(result);
            _checked = true;
        }

        var rows = chunk.RowCount;
        _householdIds.AddRange(chunk.GetValues<long>(0));
        _cutoffYears.AddRange(chunk.GetValues<int>(1));
        _countyCodes.AddRange(chunk.GetValues<int>(2));
        _countyClasses.AddRange(chunk.GetValues<int>(3));
        _sampleWeights.AddRange(chunk.GetValues<double>(4));
        var labels = chunk.GetValues<float>(LabelColumn);
        for (var r = 0; r < rows; r++)
        {
            _labels.Add(chunk.IsNull(LabelColumn, r) ? float.NaN : labels[r]);
        }

        // Column by column into a row-major buffer for the chunk, then row ranges into the blocks.
        var buffer = _chunkBuffer ??= new float[2048 * _columns];
        if (buffer.Length < rows * _columns)
        {
            buffer = _chunkBuffer = new float[rows * _columns];
        }

        for (var c = 0; c < _columns; c++)
        {
            var column = FirstFeatureColumn + c;
            var values = chunk.GetValues<float>(column);
            var nulls = chunk.HasNulls(column);
            for (var r = 0; r < rows; r++)
            {
                var v = values[r];
                buffer[(r * _columns) + c] = (nulls && chunk.IsNull(column, r)) || !float.IsFinite(v) ? float.NaN : v;
            }
        }

        var copied = 0;
        while (copied < rows)
        {
            var row = _stored + copied;
            var inBlock = Math.Min(rows - copied, BlockRows - (row % BlockRows));
            Array.Copy(buffer, copied * _columns, Block(row), (row % BlockRows) * _columns, inBlock * _columns);
            copied += inBlock;
        }

        _stored += rows;
    }

    /// <summary>The rows ordered by cutoff year, then household id.</summary>
    public RiskFrame Build()
    {
        var ids = _householdIds.ToArray();
        var order = new int[ids.Length];
        var years = _cutoffYears.Distinct().Order().ToArray();
        var next = 0;
        foreach (var year in years)
        {
            var start = next;
            for (var i = 0; i < ids.Length; i++)
            {
                if (_cutoffYears[i] == year)
                {
                    order[next++] = i;
                }
            }

            var keys = new long[next - start];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = ids[order[start + i]];
            }

            keys.AsSpan().Sort(order.AsSpan(start, keys.Length));
        }

        var features = new float[(long)order.Length * _columns];
        for (var r = 0; r < order.Length; r++)
        {
            var source = order[r];
            Array.Copy(_blocks[source / BlockRows], (source % BlockRows) * _columns, features, (long)r * _columns, _columns);
        }

        return new RiskFrame
        {
            HouseholdIds = Gather(_householdIds, order),
            CutoffYears = Gather(_cutoffYears, order),
            CountyCodes = Gather(_countyCodes, order),
            CountyClasses = Gather(_countyClasses, order),
            SampleWeights = Gather(_sampleWeights, order),
            Labels = Gather(_labels, order),
            Features = features,
        };
    }

    private float[] Block(int row)
    {
        var block = row / BlockRows;
        while (_blocks.Count <= block)
        {
            _blocks.Add(new float[BlockRows * _columns]);
        }

        return _blocks[block];
    }

    private static T[] Gather<T>(List<T> source, int[] order)
    {
        var result = new T[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = source[order[i]];
        }

        return result;
    }

    private static void CheckColumns(DuckDbQueryResult result)
    {
        string[] expected = [.. s_keyColumns, .. RiskFeatures.Names];
        if (!result.ColumnNames.SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"The feature query returned columns {string.Join(", ", result.ColumnNames)}; expected {string.Join(", ", expected)}.");
        }
    }
}
