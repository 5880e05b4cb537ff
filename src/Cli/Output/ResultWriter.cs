using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Cli.Output;

/// <summary>Result output formats of <c>revival query</c>.</summary>
internal enum ResultFormat
{
    Table,
    Csv,
    Json,
}

/// <summary>Writes a query result as an aligned table, RFC 4180 CSV or a JSON array of objects.</summary>
internal static class ResultWriter
{
    private const int MaxCellWidth = 40;

    /// <returns>Rows written.</returns>
    public static long Write(DuckDBDataReader reader, ResultFormat format, TextWriter output, int maxTableRows) => format switch
    {
        ResultFormat.Csv => WriteCsv(reader, output),
        ResultFormat.Json => WriteJson(reader, output),
        _ => WriteTable(reader, output, maxTableRows),
    };

    private static long WriteTable(DuckDBDataReader reader, TextWriter output, int maxRows)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var numeric = Enumerable.Range(0, reader.FieldCount).Select(i => IsNumeric(reader.GetFieldType(i))).ToArray();
        var rows = new List<string[]>();
        long total = 0;
        while (reader.Read())
        {
            total++;
            if (rows.Count < maxRows)
            {
                var cells = new string[names.Length];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = DisplayWidth.Truncate(Format(reader.GetValueForDisplay(i)), MaxCellWidth);
                }

                rows.Add(cells);
            }
        }

        var widths = names.Select((n, i) => Math.Max(DisplayWidth.Of(n), rows.Count == 0 ? 0 : rows.Max(r => DisplayWidth.Of(r[i])))).ToArray();
        output.WriteLine(string.Join(" │ ", names.Select((n, i) => numeric[i] ? DisplayWidth.PadLeft(n, widths[i]) : DisplayWidth.PadRight(n, widths[i]))).TrimEnd());
        output.WriteLine(string.Join("─┼─", widths.Select(w => new string('─', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(" │ ", row.Select((c, i) => numeric[i] ? DisplayWidth.PadLeft(c, widths[i]) : DisplayWidth.PadRight(c, widths[i]))).TrimEnd());
        }

        var more = total > rows.Count ? string.Create(CultureInfo.InvariantCulture, $"，仅显示前 {rows.Count} 行 / showing the first {rows.Count}; use --format csv for all") : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({total} 行 / rows{more})"));
        return total;
    }

    private static long WriteCsv(DuckDBDataReader reader, TextWriter output)
    {
        output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Csv.Field(reader.GetName(i)))));
        long total = 0;
        var cells = new string[reader.FieldCount];
        while (reader.Read())
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? string.Empty : Csv.Field(Format(reader.GetValueForDisplay(i)));
            }

            output.WriteLine(string.Join(",", cells));
            total++;
        }

        return total;
    }

    private static long WriteJson(DuckDBDataReader reader, TextWriter output)
    {
        using var buffer = new MemoryStream();
        long total = 0;
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WritePropertyName(reader.GetName(i));
                    WriteJsonValue(json, reader.GetValueForDisplay(i));
                }

                json.WriteEndObject();
                total++;
                if (buffer.Length > 1 << 20)
                {
                    json.Flush();
                    output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                    buffer.SetLength(0);
                }
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return total;
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or short or int or long or byte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case decimal m: json.WriteNumberValue(m); break;
            case Dictionary<string, object?> fields:
                json.WriteStartObject();
                foreach (var (key, item) in fields)
                {
                    json.WritePropertyName(key);
                    WriteJsonValue(json, item);
                }

                json.WriteEndObject();
                break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Format(entry.Key));
                    WriteJsonValue(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case IList list and not byte[]:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJsonValue(json, item);
                }

                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Format(value)); break;
        }
    }

    /// <summary>Invariant text for a value: ISO dates, '.' decimals, hex blobs, bracketed lists.</summary>
    internal static string Format(object? value) => value switch
    {
        null or DBNull => "NULL",
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        Stream blob => "\\x" + Convert.ToHexString(ReadAll(blob)),
        DuckDBInterval i => string.Create(CultureInfo.InvariantCulture, $"{i.Months} months {i.Days} days {i.Micros} us"),
        DuckDBDateOnly { IsInfinity: true } d => d.IsPositiveInfinity ? "infinity" : "-infinity",
        Dictionary<string, object?> fields => "{" + string.Join(", ", fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + "}",
        IDictionary map => "{" + string.Join(", ", map.Cast<DictionaryEntry>().Select(e => $"{Format(e.Key)}={Format(e.Value)}")) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    // DuckDB.NET hands a BLOB out as a stream over DuckDB's memory.
    private static byte[] ReadAll(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte)
        || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong) || type == typeof(float) || type == typeof(double)
        || type == typeof(decimal) || type == typeof(System.Numerics.BigInteger);
}
