using System.Buffers.Binary;
using System.Text;

namespace RevivalAnalytics.Tests.Data.Import;

/// <summary>
/// A second Parquet writer, independent of DuckDB, written from the format specification for tests: one row group,
/// one uncompressed PLAIN data page (v1) per column, no dictionary, no statistics, REQUIRED or OPTIONAL fields,
/// and the legacy converted-type annotations older writers use. Metadata is Thrift compact protocol.
/// </summary>
internal static class MinimalParquetWriter
{
    /// <summary>A column to write. Values: int[], long[], double[], string?[], bool[]; <see cref="Nulls"/> only for OPTIONAL.</summary>
    public sealed record Column(string Name, PhysicalType Type, Array Values, bool[]? Nulls = null, ConvertedType? Converted = null)
    {
        public bool Optional => Nulls is not null;
    }

    public enum PhysicalType
    {
        Boolean = 0,
        Int32 = 1,
        Int64 = 2,
        Double = 5,
        ByteArray = 6,
    }

    public enum ConvertedType
    {
        Utf8 = 0,
        Date = 6,
        Int8 = 15,
        Int16 = 16,
    }

    public static void Write(string path, int rows, IReadOnlyList<Column> columns)
    {
        using var file = new MemoryStream();
        file.Write("PAR1"u8);
        var chunks = new List<(long Offset, long Size, Column Column)>();
        foreach (var column in columns)
        {
            var page = PageData(column, rows);
            var header = new Thrift();
            header.I32(1, 0);                   // type = DATA_PAGE
            header.I32(2, page.Length);         // uncompressed_page_size
            header.I32(3, page.Length);         // compressed_page_size
            header.BeginStruct(5);              // data_page_header
            header.I32(1, rows);
            header.I32(2, 0);                   // PLAIN
            header.I32(3, 3);                   // definition levels: RLE
            header.I32(4, 3);                   // repetition levels: RLE
            header.EndStruct();
            header.Stop();
            var offset = file.Position;
            file.Write(header.ToArray());
            file.Write(page);
            chunks.Add((offset, file.Position - offset, column));
        }

        var meta = new Thrift();
        meta.I32(1, 1);                                                     // version
        meta.BeginList(2, Thrift.Struct, columns.Count + 1);                // schema
        meta.BeginElement();
        meta.Binary(4, "schema");
        meta.I32(5, columns.Count);
        meta.EndElement();
        foreach (var column in columns)
        {
            meta.BeginElement();
            meta.I32(1, (int)column.Type);
            meta.I32(3, column.Optional ? 1 : 0);                           // OPTIONAL : REQUIRED
            meta.Binary(4, column.Name);
            if (column.Converted is { } converted)
            {
                meta.I32(6, (int)converted);
            }

            meta.EndElement();
        }

        meta.I64(3, rows);                                                  // num_rows
        meta.BeginList(4, Thrift.Struct, 1);                                // row_groups
        meta.BeginElement();
        meta.BeginList(1, Thrift.Struct, chunks.Count);                     // columns
        foreach (var (offset, size, column) in chunks)
        {
            meta.BeginElement();
            meta.I64(2, offset);                                            // file_offset
            meta.BeginStruct(3);                                            // meta_data
            meta.I32(1, (int)column.Type);
            meta.ListOfI32(2, [0, 3]);                                      // encodings: PLAIN, RLE
            meta.ListOfBinary(3, [column.Name]);                            // path_in_schema
            meta.I32(4, 0);                                                 // UNCOMPRESSED
            meta.I64(5, rows);
            meta.I64(6, size);
            meta.I64(7, size);
            meta.I64(9, offset);                                            // data_page_offset
            meta.EndStruct();
            meta.EndElement();
        }

        meta.I64(2, chunks.Sum(c => c.Size));                               // total_byte_size
        meta.I64(3, rows);
        meta.EndElement();
        meta.Binary(6, "revival-tests minimal writer");                     // created_by
        meta.Stop();
        var footer = meta.ToArray();
        file.Write(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        file.Write(length);
        file.Write("PAR1"u8);
        File.WriteAllBytes(path, file.ToArray());
    }

    private static byte[] PageData(Column column, int rows)
    {
        using var page = new MemoryStream();
        using var writer = new BinaryWriter(page);
        if (column.Nulls is { } nulls)
        {
            var levels = DefinitionLevels(nulls, rows);
            writer.Write(levels.Length);
            writer.Write(levels);
        }

        for (var i = 0; i < rows; i++)
        {
            if (column.Nulls?[i] == true)
            {
                continue;
            }

            switch (column.Values)
            {
                case int[] ints: writer.Write(ints[i]); break;
                case long[] longs: writer.Write(longs[i]); break;
                case double[] doubles: writer.Write(doubles[i]); break;
                case string?[] strings:
                    var bytes = Encoding.UTF8.GetBytes(strings[i]!);
                    writer.Write(bytes.Length);
                    writer.Write(bytes);
                    break;
                case bool[]:
                    break;
                default:
                    throw new NotSupportedException(column.Values.GetType().Name);
            }
        }

        if (column.Values is bool[] flags)
        {
            var present = Enumerable.Range(0, rows).Where(i => column.Nulls?[i] != true).Select(i => flags[i]).ToList();
            var packed = new byte[(present.Count + 7) / 8];
            for (var i = 0; i < present.Count; i++)
            {
                if (present[i])
                {
                    packed[i / 8] |= (byte)(1 << (i % 8));
                }
            }

            writer.Write(packed);
        }

        writer.Flush();
        return page.ToArray();
    }

    // RLE runs of the hybrid encoding, bit width 1: header = run length << 1, then the level in one byte.
    private static byte[] DefinitionLevels(bool[] nulls, int rows)
    {
        using var levels = new MemoryStream();
        var i = 0;
        while (i < rows)
        {
            var level = nulls[i] ? 0 : 1;
            var run = 1;
            while (i + run < rows && (nulls[i + run] ? 0 : 1) == level)
            {
                run++;
            }

            Thrift.Varint(levels, (ulong)run << 1);
            levels.WriteByte((byte)level);
            i += run;
        }

        return levels.ToArray();
    }

    /// <summary>Just enough of the Thrift compact protocol for Parquet metadata.</summary>
    private sealed class Thrift
    {
        public const byte Struct = 12;
        private const byte I32Type = 5;
        private const byte I64Type = 6;
        private const byte BinaryType = 8;
        private const byte ListType = 9;

        private readonly MemoryStream _out = new();
        private readonly Stack<short> _lastField = new();
        private short _last;

        public byte[] ToArray() => _out.ToArray();

        public void I32(short id, int value)
        {
            Field(id, I32Type);
            Varint(_out, ZigZag(value));
        }

        public void I64(short id, long value)
        {
            Field(id, I64Type);
            Varint(_out, ZigZag(value));
        }

        public void Binary(short id, string value)
        {
            Field(id, BinaryType);
            WriteBinary(value);
        }

        public void ListOfI32(short id, int[] values)
        {
            Field(id, ListType);
            ListHeader(I32Type, values.Length);
            foreach (var value in values)
            {
                Varint(_out, ZigZag(value));
            }
        }

        public void ListOfBinary(short id, string[] values)
        {
            Field(id, ListType);
            ListHeader(BinaryType, values.Length);
            foreach (var value in values)
            {
                WriteBinary(value);
            }
        }

        public void BeginList(short id, byte elementType, int count)
        {
            Field(id, ListType);
            ListHeader(elementType, count);
        }

        public void BeginStruct(short id)
        {
            Field(id, Struct);
            BeginElement();
        }

        public void EndStruct() => EndElement();

        public void BeginElement()
        {
            _lastField.Push(_last);
            _last = 0;
        }

        public void EndElement()
        {
            Stop();
            _last = _lastField.Pop();
        }

        public void Stop() => _out.WriteByte(0);

        public static void Varint(Stream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            stream.WriteByte((byte)value);
        }

        private void Field(short id, byte type)
        {
            var delta = id - _last;
            if (delta is > 0 and <= 15)
            {
                _out.WriteByte((byte)((delta << 4) | type));
            }
            else
            {
                _out.WriteByte(type);
                Varint(_out, ZigZag(id));
            }

            _last = id;
        }

        private void ListHeader(byte elementType, int count)
        {
            if (count < 15)
            {
                _out.WriteByte((byte)((count << 4) | elementType));
            }
            else
            {
                _out.WriteByte((byte)(0xF0 | elementType));
                Varint(_out, (ulong)count);
            }
        }

        private void WriteBinary(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Varint(_out, (ulong)bytes.Length);
            _out.Write(bytes);
        }

        private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
    }
}
