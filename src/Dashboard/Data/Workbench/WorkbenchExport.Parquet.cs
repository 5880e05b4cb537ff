using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

internal sealed partial class WorkbenchExport
{
    // Numbers, booleans, dates and timestamps keep their types in the file; DECIMAL keeps precision and scale up to
    // 28 digits (System.Decimal); everything else is written as text, as the grid shows it.
    private static async Task<long> WriteParquetAsync(DuckDBDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        var names = UniqueNames(reader);
        var buffers = SqlQueryService.Columns(reader).Select((c, i) => Buffer(names[i], c.Type)).ToList();
        var schema = new ParquetSchema(buffers.Select(b => (Field)b.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken);
        long rows = 0;
        var inGroup = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++rows > RowCap)
            {
                break;
            }

            for (var i = 0; i < buffers.Count; i++)
            {
                buffers[i].Add(reader, i, inGroup);
            }

            if (++inGroup == RowGroupSize)
            {
                await FlushAsync(writer, buffers, inGroup, cancellationToken);
                inGroup = 0;
            }
        }

        if (inGroup > 0 || rows == 0)
        {
            await FlushAsync(writer, buffers, inGroup, cancellationToken);
        }

        return rows;
    }

    private static async Task FlushAsync(ParquetWriter writer, List<ColumnBuffer> buffers, int count, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var buffer in buffers)
        {
            await buffer.WriteAsync(group, count, cancellationToken);
        }
    }

    private static ColumnBuffer Buffer(string name, string type)
    {
        if (type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER")
        {
            return new ValueBuffer<long>(new DataField<long?>(name), (r, i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture));
        }

        if (type is "FLOAT" or "DOUBLE")
        {
            return new ValueBuffer<double>(new DataField<double?>(name), (r, i) => Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture));
        }

        if (type == "BOOLEAN")
        {
            return new ValueBuffer<bool>(new DataField<bool?>(name), (r, i) => r.GetBoolean(i));
        }

        if (type == "DATE")
        {
            return new ValueBuffer<DateOnly>(new DataField<DateOnly?>(name), (r, i) => r.GetFieldValue<DateOnly>(i));
        }

        if (type == "TIMESTAMP")
        {
            return new ValueBuffer<DateTime>(new DataField<DateTime?>(name), (r, i) => r.GetDateTime(i));
        }

        if (DecimalType().Match(type) is { Success: true } match
            && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var precision and <= 28)
        {
            var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            return new ValueBuffer<decimal>(new DecimalDataField(name, precision, scale, forceByteArrayEncoding: false, isNullable: true), (r, i) => r.GetDecimal(i));
        }

        return new TextBuffer(new DataField<string>(name, nullable: true));
    }

    [GeneratedRegex(@"^DECIMAL\((\d+),\s*(\d+)\)$")]
    private static partial Regex DecimalType();

    private abstract class ColumnBuffer(DataField field)
    {
        public DataField Field { get; } = field;

        public abstract void Add(DuckDBDataReader reader, int ordinal, int row);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);
    }

    private sealed class ValueBuffer<T>(DataField field, Func<DuckDBDataReader, int, T> read) : ColumnBuffer(field)
        where T : struct
    {
        private readonly T?[] _values = new T?[RowGroupSize];

        public override void Add(DuckDBDataReader reader, int ordinal, int row) => _values[row] = reader.IsDBNull(ordinal) ? null : read(reader, ordinal);

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, new ReadOnlyMemory<T?>(_values, 0, count), null, null, cancellationToken);
    }

    private sealed class TextBuffer(DataField field) : ColumnBuffer(field)
    {
        private readonly string?[] _values = new string?[RowGroupSize];

        public override void Add(DuckDBDataReader reader, int ordinal, int row) => _values[row] = SqlQueryService.Text(SqlQueryService.Cell(reader, ordinal));

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, (IReadOnlyCollection<string>)new ArraySegment<string?>(_values, 0, count)!, null);
    }
}
