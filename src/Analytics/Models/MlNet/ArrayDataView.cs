using Microsoft.ML;
using Microsoft.ML.Data;

namespace RevivalAnalytics.Models.MlNet;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over arrays we already hold: one getter per column reads row i where it is.
/// <c>LoadFromEnumerable</c> would need one object per row (1,500,000 training rows of 32 features) and a copy of
/// every value; this reads the risk frame's row-major floats in place, so ML.NET sees the features without a second
/// copy in memory.
/// </summary>
internal sealed class ArrayDataView : IDataView
{
    private readonly int _rows;
    private readonly List<Func<Func<long>, Delegate>> _getters = [];
    private readonly DataViewSchema.Builder _builder = new();
    private DataViewSchema? _schema;

    public ArrayDataView(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        _rows = rows;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _schema ??= _builder.ToSchema();

    /// <summary>A boolean column, e.g. the label.</summary>
    public ArrayDataView Boolean(string name, Func<int, bool> value) => Add(name, BooleanDataViewType.Instance, position =>
        (ValueGetter<bool>)((ref bool v) => v = value(checked((int)position()))));

    /// <summary>A float column, e.g. a weight or a score.</summary>
    public ArrayDataView Single(string name, Func<int, float> value) => Add(name, NumberDataViewType.Single, position =>
        (ValueGetter<float>)((ref float v) => v = value(checked((int)position()))));

    /// <summary>A float vector column read from row-major <paramref name="values"/>: view row i is source row <paramref name="sourceRow"/>(i).</summary>
    public ArrayDataView Vector(string name, float[] values, int width, Func<int, int> sourceRow) => Add(name, new VectorDataViewType(NumberDataViewType.Single, width), position =>
        (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var editor = VBufferEditor.Create(ref v, width);
            values.AsSpan(checked(sourceRow(checked((int)position())) * width), width).CopyTo(editor.Values);
            v = editor.Commit();
        }));

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this, columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    private ArrayDataView Add(string name, DataViewType type, Func<Func<long>, Delegate> getter)
    {
        if (_schema is not null)
        {
            throw new InvalidOperationException("Columns are added before the view is used.");
        }

        _builder.AddColumn(name, type);
        _getters.Add(getter);
        return this;
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ArrayDataView _view;
        private readonly bool[] _active;
        private readonly Delegate[] _getters;
        private long _position = -1;

        public Cursor(ArrayDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var column in columnsNeeded)
            {
                _active[column.Index] = true;
            }

            _getters = [.. view._getters.Select(g => g(Current))];
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        public override bool MoveNext()
        {
            if (_position >= _view._rows)
            {
                return false;
            }

            _position++;
            return _position < _view._rows;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Current(), 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            _active[column.Index] && _getters[column.Index] is ValueGetter<TValue> getter
                ? getter
                : throw new InvalidOperationException($"Column {column.Name} is not active or is not of type {typeof(TValue).Name}.");

        private long Current() => _position >= 0 && _position < _view._rows ? _position : throw new InvalidOperationException("The cursor is not on a row.");
    }
}
