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
}
