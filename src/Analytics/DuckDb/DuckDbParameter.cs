using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// A statement parameter. Unnamed parameters bind by position (<c>?</c> or <c>$1</c>); named ones bind to <c>$name</c>.
/// Values travel to DuckDB as typed values, never as SQL text.
/// </summary>
public sealed class DuckDbParameter : DbParameter
{
    private string _name = string.Empty;

    /// <summary>Creates an unnamed (positional) parameter.</summary>
    public DuckDbParameter()
    {
    }

    /// <summary>Creates a positional parameter with a value.</summary>
    /// <param name="value">The value (null or DBNull for NULL).</param>
    public DuckDbParameter(object? value)
    {
        Value = value;
    }

    /// <summary>Creates a named parameter; a leading <c>$</c>, <c>@</c> or <c>:</c> is ignored.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value (null or DBNull for NULL).</param>
    public DuckDbParameter(string name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    /// <inheritdoc />
    public override DbType DbType { get; set; } = DbType.Object;

    /// <inheritdoc />
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("DuckDB 只支持输入参数 / DuckDB supports input parameters only.");
            }
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; } = true;

    /// <inheritdoc />
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = (value ?? string.Empty).TrimStart('$', '@', ':');
    }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    public override void ResetDbType() => DbType = DbType.Object;
}

/// <summary>The parameters of a <see cref="DuckDbCommand"/>.</summary>
public sealed class DuckDbParameterCollection : DbParameterCollection
{
    private readonly List<DuckDbParameter> _items = [];

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <inheritdoc />
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>Adds a parameter.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The parameter, for chaining.</returns>
    public DuckDbParameter Add(DuckDbParameter parameter)
    {
        _items.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a named parameter with a value.</summary>
    /// <param name="name">The name (without or with <c>$</c>).</param>
    /// <param name="value">The value.</param>
    /// <returns>The parameter.</returns>
    public DuckDbParameter AddWithValue(string name, object? value) => Add(new DuckDbParameter(name, value));

    /// <inheritdoc />
    public override int Add(object value)
    {
        _items.Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc />
    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    /// <inheritdoc />
    public override void Clear() => _items.Clear();

    /// <inheritdoc />
    public override bool Contains(object value) => value is DuckDbParameter p && _items.Contains(p);

    /// <inheritdoc />
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override int IndexOf(object value) => value is DuckDbParameter p ? _items.IndexOf(p) : -1;

    /// <inheritdoc />
    public override int IndexOf(string parameterName)
    {
        var name = parameterName.TrimStart('$', '@', ':');
        return _items.FindIndex(p => string.Equals(p.ParameterName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc />
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc />
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc />
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));

    internal IReadOnlyList<DuckDbParameter> Items => _items;

    /// <inheritdoc />
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc />
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];

    /// <inheritdoc />
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc />
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = Cast(value);

    private static DuckDbParameter Cast(object value) => value as DuckDbParameter
        ?? throw new InvalidCastException($"需要 DuckDbParameter / Expected a DuckDbParameter, got {value?.GetType().Name ?? "null"}.");
}
