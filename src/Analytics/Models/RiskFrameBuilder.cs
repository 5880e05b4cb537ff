using DuckDB.NET.Data;

namespace RevivalAnalytics.Models;

/// <summary>
/// Collects the feature query's rows from DuckDB.NET's streaming reader, straight into float blocks, and orders them by cutoff year and
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
    private int _stored;

    public void Append(DuckDBDataReader reader)
    {
        if (!_checked)
        {
            CheckColumns(reader);
            _checked = true;
        }

        while (reader.Read())
        {
            _householdIds.Add(reader.GetInt64(0));
            _cutoffYears.Add(reader.GetInt32(1));
            _countyCodes.Add(reader.GetInt32(2));
            _countyClasses.Add(reader.GetInt32(3));
            _sampleWeights.Add(reader.GetDouble(4));
            _labels.Add(reader.IsDBNull(LabelColumn) ? float.NaN : reader.GetFloat(LabelColumn));

            // Straight into the row's place in its block.
            var block = Block(_stored);
            var offset = (_stored % BlockRows) * _columns;
            for (var c = 0; c < _columns; c++)
            {
                var column = FirstFeatureColumn + c;
                var v = reader.IsDBNull(column) ? float.NaN : reader.GetFloat(column);
                block[offset + c] = float.IsFinite(v) ? v : float.NaN;
            }

            _stored++;
        }
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

    private static void CheckColumns(DuckDBDataReader reader)
    {
        string[] expected = [.. s_keyColumns, .. RiskFeatures.Names];
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        if (!names.SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"The feature query returned columns {string.Join(", ", names)}; expected {string.Join(", ", expected)}.");
        }
    }
}
