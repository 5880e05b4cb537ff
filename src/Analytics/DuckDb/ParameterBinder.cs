using System.Collections;
using System.Text;
using RevivalAnalytics.DuckDb.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>Turns CLR values into typed duckdb_values and binds them to a prepared statement.</summary>
internal static unsafe class ParameterBinder
{
    internal static void Bind(PreparedStatementHandle statement, IReadOnlyList<DuckDbParameter> parameters)
    {
        var expected = (int)NativeMethods.ParameterCount(statement);
        if (expected == 0 && parameters.Count == 0)
        {
            return;
        }

        var positional = 0;
        var bound = new bool[expected + 1];
        foreach (var parameter in parameters)
        {
            ulong index;
            if (string.IsNullOrEmpty(parameter.ParameterName))
            {
                index = (ulong)++positional;
            }
            else if (NativeMethods.BindParameterIndex(statement, out index, parameter.ParameterName) != DuckDbState.Success)
            {
                // "$1"-style names given as "1" bind by position.
                if (!ulong.TryParse(parameter.ParameterName, out index))
                {
                    throw new DuckDbException(
                        $"SQL 中没有参数 ${parameter.ParameterName} / The statement has no parameter ${parameter.ParameterName}.",
                        DuckDbErrorType.ParameterNotResolved);
                }
            }

            if (index == 0 || index > (ulong)expected)
            {
                throw new DuckDbException(
                    $"参数个数不符：语句需要 {expected} 个，提供了第 {index} 个 / The statement takes {expected} parameter(s); parameter {index} does not exist.",
                    DuckDbErrorType.ParameterNotResolved);
            }

            using var value = Create(parameter.Value, parameter.ParameterName);
            if (NativeMethods.BindValue(statement, index, value) != DuckDbState.Success)
            {
                throw new DuckDbException(
                    $"无法绑定参数 {index} / Could not bind parameter {index}: {NativeMethods.PtrToString(NativeMethods.PrepareError(statement))}",
                    DuckDbErrorType.MismatchType);
            }

            bound[index] = true;
        }

        for (var i = 1; i <= expected; i++)
        {
            if (!bound[i])
            {
                var name = NativeMethods.PtrToString(NativeMethods.ParameterName(statement, (ulong)i)) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new DuckDbException(
                    $"缺少参数 ${name} 的值 / No value was given for parameter ${name}.", DuckDbErrorType.ParameterNotResolved);
            }
        }
    }

    internal static ValueHandle Create(object? value, string name)
    {
        var ptr = value switch
        {
            null or DBNull => NativeMethods.CreateNull(),
            bool b => NativeMethods.CreateBool(b),
            sbyte v => NativeMethods.CreateInt8(v),
            short v => NativeMethods.CreateInt16(v),
            int v => NativeMethods.CreateInt32(v),
            long v => NativeMethods.CreateInt64(v),
            byte v => NativeMethods.CreateUInt8(v),
            ushort v => NativeMethods.CreateUInt16(v),
            uint v => NativeMethods.CreateUInt32(v),
            ulong v => NativeMethods.CreateUInt64(v),
            Int128 v => NativeMethods.CreateHugeInt(new HugeIntNative { Lower = (ulong)v, Upper = (ulong)(v >> 64) }),
            UInt128 v => NativeMethods.CreateUHugeInt(new HugeIntNative { Lower = (ulong)v, Upper = (ulong)(v >> 64) }),
            float v => NativeMethods.CreateFloat(v),
            double v => NativeMethods.CreateDouble(v),
            decimal v => CreateDecimal(v),
            string s => CreateVarchar(s),
            char c => CreateVarchar(c.ToString()),
            byte[] bytes => CreateBlob(bytes),
            DateOnly d => NativeMethods.CreateDate(d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
            DateTime t => NativeMethods.CreateTimestamp((t.Ticks - DateTime.UnixEpoch.Ticks) / 10),
            DateTimeOffset t => NativeMethods.CreateTimestampTz((t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10),
            TimeOnly t => NativeMethods.CreateTime(t.Ticks / 10),
            TimeSpan t => NativeMethods.CreateInterval(new IntervalNative { Micros = t.Ticks / 10 }),
            DuckDbInterval i => NativeMethods.CreateInterval(new IntervalNative { Months = i.Months, Days = i.Days, Micros = i.Micros }),
            Guid g => NativeMethods.CreateUuid(VectorReader.FromGuid(g)),
            Enum e => NativeMethods.CreateInt64(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)),
            IEnumerable items => CreateList(items, name),
            _ => throw new DuckDbException(
                $"参数 {name} 的类型 {value.GetType().Name} 不受支持 / Parameter {name}: type {value.GetType().Name} cannot be sent to DuckDB.",
                DuckDbErrorType.MismatchType),
        };
        if (ptr == IntPtr.Zero)
        {
            throw new DuckDbException($"参数 {name} 的值无效 / Parameter {name} has a value DuckDB cannot represent.", DuckDbErrorType.Conversion);
        }

        return ValueHandle.Own(ptr);
    }

    private static IntPtr CreateVarchar(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        fixed (byte* p = bytes)
        {
            return NativeMethods.CreateVarchar(p, (ulong)bytes.Length);
        }
    }

    private static IntPtr CreateBlob(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            return NativeMethods.CreateBlob(p, (ulong)bytes.Length);
        }
    }

    private static IntPtr CreateDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var unscaled = bits[3] < 0 ? -magnitude : magnitude;
        return NativeMethods.CreateDecimal(new DecimalNative
        {
            Width = 38,
            Scale = scale,
            Value = new HugeIntNative { Lower = (ulong)unscaled, Upper = (ulong)(unscaled >> 64) },
        });
    }

    private static IntPtr CreateList(IEnumerable items, string name)
    {
        var values = new List<ValueHandle>();
        try
        {
            foreach (var item in items)
            {
                values.Add(Create(item, name));
            }

            var elementType = values.Count > 0
                ? NativeMethods.GetValueType(values[0])
                : IntPtr.Zero;
            using var ownedType = elementType == IntPtr.Zero ? LogicalTypeHandle.Own(NativeMethods.CreateLogicalType(DuckDbTypeId.Varchar)) : null;
            var pointers = new IntPtr[values.Count];
            for (var i = 0; i < pointers.Length; i++)
            {
                pointers[i] = values[i].DangerousGetHandle();
            }

            fixed (IntPtr* p = pointers)
            {
                // A borrowed element type belongs to the first value, which stays alive until the list is built.
                var result = NativeMethods.CreateListValue(ownedType?.DangerousGetHandle() ?? elementType, p, (ulong)pointers.Length);
                GC.KeepAlive(ownedType);
                return result;
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

}
