using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbAppenderExtensionsTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    [Fact]
    public void AppendColumns_EverySupportedType_ReadsBackEqual()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("""
            CREATE TEMP TABLE appended(
                b BOOLEAN, i INTEGER, l BIGINT, widened BIGINT, d DOUBLE, f FLOAT, m DECIMAL(12,2), s VARCHAR, dt DATE, ts TIMESTAMP,
                ni INTEGER, nd DOUBLE, ndt DATE, nb TINYINT, u UUID)
            """);
        const int rows = 5000;
        var b = new bool[rows];
        var i = new int[rows];
        var l = new long[rows];
        var widened = new int?[rows];
        var d = new double[rows];
        var f = new float[rows];
        var m = new decimal[rows];
        var s = new string?[rows];
        var dt = new DateOnly[rows];
        var ts = new DateTime[rows];
        var ni = new int?[rows];
        var nd = new double?[rows];
        var ndt = new DateOnly?[rows];
        var nb = new sbyte?[rows];
        var u = new Guid[rows];
        for (var r = 0; r < rows; r++)
        {
            b[r] = r % 2 == 0;
            i[r] = r - 2500;
            l[r] = (long)r * 1_000_000_007;
            widened[r] = r % 4 == 0 ? null : -r;
            d[r] = r / 3.0;
            f[r] = r / 4f;
            m[r] = (r * 1.25m) - 100.5m;
            s[r] = r % 10 == 0 ? null : $"户{r}-长文本超过十二个字节";
            dt[r] = new DateOnly(2016, 1, 1).AddDays(r);
            ts[r] = new DateTime(2021, 6, 1, 8, 0, 0).AddSeconds(r);
            ni[r] = r % 3 == 0 ? null : r;
            nd[r] = r % 5 == 0 ? null : r * 0.5;
            ndt[r] = r % 7 == 0 ? null : new DateOnly(2020, 1, 1).AddDays(r % 365);
            nb[r] = r % 11 == 0 ? null : (sbyte)(r % 100);
            u[r] = new Guid(r, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]);
        }

        connection.AppendColumns("appended", rows, b, i, l, widened, d, f, m, s, dt, ts, ni, nd, ndt, nb, u);

        var back = connection.QueryColumns("SELECT * FROM appended ORDER BY i");
        Assert.Equal(rows, back.RowCount);
        Assert.Equal(b, back["b"].As<bool>());
        Assert.Equal(i, back["i"].As<int>());
        Assert.Equal(l, back["l"].As<long>());
        Assert.Equal(widened.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("widened"));
        Assert.Equal(d, back["d"].As<double>());
        Assert.Equal(f, back["f"].As<float>());
        Assert.Equal(m, back["m"].As<decimal>());
        Assert.Equal(s, back.GetStrings("s"));
        Assert.Equal(dt, back["dt"].As<DateOnly>());
        Assert.Equal(ts, back["ts"].As<DateTime>());
        Assert.Equal(ni.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("ni"));
        Assert.Equal(nd.Select(x => x ?? double.NaN), back.GetDoubles("nd"));
        Assert.Equal(ndt.Select(x => x is null), Enumerable.Range(0, rows).Select(r => back["ndt"].IsNull(r)));
        Assert.Equal(nb.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("nb"));
        Assert.Equal(u, back["u"].As<Guid>());
    }

    [Fact]
    public void AppendColumns_LongerArrays_AppendsOnlyRows()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE prefix(i INTEGER)");
        connection.AppendColumns("prefix", 2, new[] { 1, 2, 3, 4 });

        Assert.Equal(new long[] { 1, 2 }, connection.QueryColumns("SELECT i FROM prefix ORDER BY i").GetInt64s("i"));
    }

    [Fact]
    public void AppendColumns_WrongColumnCount_ThrowsNamingTable()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE two_columns(a INTEGER, b VARCHAR)");

        var error = Assert.Throws<ArgumentException>(() => connection.AppendColumns("two_columns", 1, new[] { 1 }));

        Assert.Contains("Table two_columns has 2 columns; 1 arrays were given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendColumns_ShortArray_ThrowsNamingColumn()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE short_array(a INTEGER)");

        var error = Assert.Throws<ArgumentException>(() => connection.AppendColumns("short_array", 3, new[] { 1 }));

        Assert.Contains("column 1 has 1 values for 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendColumns_WiderValuesThanColumn_RefusedNothingWritten()
    {
        // DuckDB.NET would write a short into a TINYINT column's wrong bytes; the helper refuses instead.
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE narrow(a TINYINT)");

        var error = Assert.Throws<ArgumentException>(() => connection.AppendColumns("narrow", 2, new short?[] { 1, null }));

        Assert.Contains("SByte", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int16", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, connection.QueryColumns("SELECT count(*) AS n FROM narrow").GetInt64s("n")[0]);
    }

    [Fact]
    public void AppendColumns_NullableBytesAcrossChunks_ExactValuesAndNulls()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE bytes(a TINYINT)");
        var values = Enumerable.Range(0, 5000).Select(r => r % 3 == 0 ? (sbyte?)null : (sbyte)(r % 100)).ToArray();

        connection.AppendColumns("bytes", values.Length, values);

        var back = connection.QueryColumns("SELECT a FROM bytes")["a"];
        Assert.Equal(values.Select(v => v ?? 0), back.As<sbyte>());
        Assert.Equal(values.Select(v => v is null), Enumerable.Range(0, values.Length).Select(back.IsNull));
    }

    [Fact]
    public void AppendColumns_UnsupportedArray_ThrowsNamingElementType()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE typed(a DATE)");

        var error = Assert.Throws<ArgumentException>(() => connection.AppendColumns("typed", 1, new[] { TimeSpan.Zero }));

        Assert.Contains("TimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendColumns_UnknownTable_ThrowsDuckDbMessage()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDBException>(() => connection.AppendColumns("no_such_table", 1, new[] { 1 }));

        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendColumns_PlainTypesAcrossChunks_CopiedIntoVectorsExactly()
    {
        // Every column of a plain physical type: the data-chunk path, three chunks of DuckDB's 2,048 rows and a partial one.
        using var connection = fixture.Database.Connect();
        connection.Execute("""
            CREATE TEMP TABLE chunked(
                b BOOLEAN, t TINYINT, s SMALLINT, i INTEGER, l BIGINT, ut UTINYINT, us USMALLINT, ui UINTEGER, ul UBIGINT,
                f FLOAT, d DOUBLE, v VARCHAR, dt DATE, ts TIMESTAMP, widened BIGINT,
                nb BOOLEAN, nt TINYINT, ni INTEGER, nd DOUBLE, ndt DATE, nts TIMESTAMP)
            """);
        const int rows = 7000;
        var b = new bool[rows];
        var t = new sbyte[rows];
        var s = new short[rows];
        var i = new int[rows];
        var l = new long[rows];
        var ut = new byte[rows];
        var us = new ushort[rows];
        var ui = new uint[rows];
        var ul = new ulong[rows];
        var f = new float[rows];
        var d = new double[rows];
        var v = new string?[rows];
        var dt = new DateOnly[rows];
        var ts = new DateTime[rows];
        var widened = new short?[rows];
        var nb = new bool?[rows];
        var nt = new sbyte?[rows];
        var ni = new int?[rows];
        var nd = new double?[rows];
        var ndt = new DateOnly?[rows];
        var nts = new DateTime?[rows];
        for (var r = 0; r < rows; r++)
        {
            b[r] = r % 3 == 0;
            t[r] = (sbyte)((r % 256) - 128);
            s[r] = (short)(r - 3500);
            i[r] = (r * 7919) - 20_000_000;
            l[r] = (long)r * 1_000_000_007 * (r % 2 == 0 ? 1 : -1);
            ut[r] = (byte)(r % 256);
            us[r] = (ushort)(r * 9);
            ui[r] = (uint)r * 600_000u;
            ul[r] = (ulong)r * 3_000_000_000_000UL;
            f[r] = r / 8f;
            d[r] = r / 3.0;
            v[r] = (r % 13) switch { 0 => null, 1 => string.Empty, 2 => "短", _ => $"户{r}-长文本超过十二个字节 with ASCII" };
            dt[r] = new DateOnly(1969, 12, 1).AddDays(r);
            ts[r] = new DateTime(2021, 6, 1, 8, 0, 0).AddSeconds(r * 37).AddTicks(r * 10);
            widened[r] = r % 4 == 0 ? null : (short)-r;
            nb[r] = r % 5 == 0 ? null : r % 2 == 0;
            nt[r] = r % 7 == 0 ? null : (sbyte)(r % 100);
            ni[r] = r % 3 == 0 ? null : r;
            nd[r] = r % 11 == 0 ? null : r * 0.25;
            ndt[r] = r % 6 == 0 ? null : new DateOnly(2020, 2, 29).AddDays(r % 400);
            nts[r] = r % 9 == 0 ? null : new DateTime(2024, 1, 1).AddMinutes(r);
        }

        connection.AppendColumns("chunked", rows, b, t, s, i, l, ut, us, ui, ul, f, d, v, dt, ts, widened, nb, nt, ni, nd, ndt, nts);

        var back = connection.QueryColumns("SELECT * FROM chunked ORDER BY s");
        Assert.Equal(rows, back.RowCount);
        Assert.Equal(b, back["b"].As<bool>());
        Assert.Equal(t, back["t"].As<sbyte>());
        Assert.Equal(s, back["s"].As<short>());
        Assert.Equal(i, back["i"].As<int>());
        Assert.Equal(l, back["l"].As<long>());
        Assert.Equal(ut, back["ut"].As<byte>());
        Assert.Equal(us, back["us"].As<ushort>());
        Assert.Equal(ui, back["ui"].As<uint>());
        Assert.Equal(ul, back["ul"].As<ulong>());
        Assert.Equal(f, back["f"].As<float>());
        Assert.Equal(d, back["d"].As<double>());
        Assert.Equal(v, back.GetStrings("v"));
        Assert.Equal(dt, back["dt"].As<DateOnly>());
        Assert.Equal(ts, back["ts"].As<DateTime>());
        Assert.Equal(widened.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("widened"));
        Assert.Equal(nb.Select(x => x is null), Enumerable.Range(0, rows).Select(back["nb"].IsNull));
        Assert.Equal(nb.Select(x => x ?? false), back["nb"].As<bool>());
        Assert.Equal(nt.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("nt"));
        Assert.Equal(ni.Select(x => x.HasValue ? (double)x.Value : double.NaN), back.GetDoubles("ni"));
        Assert.Equal(nd.Select(x => x ?? double.NaN), back.GetDoubles("nd"));
        Assert.Equal(ndt.Select(x => x is null), Enumerable.Range(0, rows).Select(back["ndt"].IsNull));
        Assert.Equal(ndt.Select(x => x ?? default), back["ndt"].As<DateOnly>());
        Assert.Equal(nts.Select(x => x ?? default), back["nts"].As<DateTime>());
        Assert.Equal(nts.Select(x => x is null), Enumerable.Range(0, rows).Select(back["nts"].IsNull));
    }

    [Fact]
    public void AppendColumns_NullIntoNotNullColumn_RefusedWithDuckDbMessage()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE required(a INTEGER NOT NULL, b VARCHAR)");

        var error = Assert.Throws<InvalidOperationException>(() => connection.AppendColumns("required", 3, new int?[] { 1, null, 3 }, new string?[] { "x", "y", "z" }));

        Assert.Contains("required", error.Message, StringComparison.Ordinal);
        Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, connection.QueryColumns("SELECT count(*) AS n FROM required").GetInt64s("n")[0]);
    }

    [Fact]
    public void AppendColumns_NullIntoNotNullDecimal_RowPathRefusedTheSameWay()
    {
        using var connection = fixture.Database.Connect();
        connection.Execute("CREATE TEMP TABLE required_decimal(a DECIMAL(10,2) NOT NULL)");

        var error = Assert.Throws<InvalidOperationException>(() => connection.AppendColumns("required_decimal", 2, new decimal?[] { 1.5m, null }));

        Assert.Contains("required_decimal", error.Message, StringComparison.Ordinal);
        Assert.IsType<DuckDBException>(error.InnerException);
    }
}
