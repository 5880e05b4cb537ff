using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Import;
using RevivalAnalytics.DuckDb;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Import;

/// <summary>
/// Real-world Parquet: the same rows written with other compressions, encodings, row-group sizes, physical types and
/// format versions must import to the same answers. Every variant here is written by DuckDB (the only Parquet writer
/// on this machine: no pyarrow or fastparquet for Python, and Node's DuckDB package is the same library).
/// </summary>
public sealed class ParquetVariantsTests : IDisposable
{
    private readonly ExportWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    public static TheoryData<string, string> WriterOptions => new()
    {
        { "snappy", "COMPRESSION snappy" },
        { "zstd level 19", "COMPRESSION zstd, COMPRESSION_LEVEL 19" },
        { "gzip", "COMPRESSION gzip" },
        { "uncompressed", "COMPRESSION uncompressed" },
        { "lz4", "COMPRESSION lz4_raw" },
        { "brotli", "COMPRESSION brotli" },
        { "no dictionary", "COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1" },
        { "tiny row groups", "ROW_GROUP_SIZE 2048, ROW_GROUPS_PER_FILE 1000" },
        { "parquet v2 pages", "PARQUET_VERSION V2" },
    };

    [Theory]
    [MemberData(nameof(WriterOptions))]
    public void Import_RewrittenWithWriterOptions_SameAnswers(string name, string options)
    {
        var before = _workspace.CurrentAnswers();
        RewriteAll(options);

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Outcome == ImportOutcome.Published, name + ": " + string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Empty(report.ProblemCounts);
        var after = _workspace.CurrentAnswers();
        Assert.Equal((before.Households, before.HouseholdYears), (after.Households, after.HouseholdYears));
        Assert.Equal(before.Income, after.Income, 6);
    }

    [Fact]
    public void Import_NoDictionaryOption_WritesPlainEncodedStrings()
    {
        var file = _workspace.PathOf(_workspace.FileOf("counties"));
        var plain = Path.Combine(Path.GetDirectoryName(file)!, "plain.parquet");
        _workspace.Connection.Execute("COPY (SELECT * FROM read_parquet($1)) TO $2 (FORMAT parquet, DICTIONARY_SIZE_LIMIT 1)", file, plain);

        var encodings = _workspace.Connection.QueryColumns(
            "SELECT string_agg(DISTINCT encodings, ',') AS e FROM parquet_metadata(?) WHERE path_in_schema = 'prefecture_name'", plain).GetStrings("e")[0];
        var dictionary = _workspace.Connection.QueryColumns(
            "SELECT string_agg(DISTINCT encodings, ',') AS e FROM parquet_metadata(?) WHERE path_in_schema = 'prefecture_name'", file).GetStrings("e")[0];

        Assert.DoesNotContain("DICTIONARY", encodings!, StringComparison.Ordinal);
        Assert.Contains("DICTIONARY", dictionary!, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_Int32KeysAndInt64Codes_AcceptedAsWidening()
    {
        var before = _workspace.CurrentAnswers();
        var households = _workspace.FileOf("households");
        _workspace.Rewrite(households,
            "ALTER TABLE t ALTER household_id TYPE INTEGER",
            "ALTER TABLE t ALTER county_code TYPE BIGINT",
            "ALTER TABLE t ALTER household_size TYPE BIGINT",
            "ALTER TABLE t ALTER sample_weight TYPE FLOAT");
        foreach (var year in new[] { 2021, 2022, 2023 })
        {
            _workspace.Rewrite(_workspace.FileOf($"household_years/year={year}"),
                "ALTER TABLE t ALTER household_id TYPE INTEGER",
                "ALTER TABLE t ALTER year TYPE BIGINT",
                "ALTER TABLE t ALTER per_capita_net_income TYPE DECIMAL(12, 2)");
        }

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Outcome == ImportOutcome.Published, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Empty(report.ProblemCounts);
        var types = _workspace.Connection.QueryColumns(
            "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?)) WHERE column_name IN ('household_id', 'county_code', 'household_size', 'sample_weight') ORDER BY column_name",
            _workspace.Store.CurrentTablePath("households"));
        Assert.Equal("INTEGER,BIGINT,TINYINT,DOUBLE", string.Join(',', types.GetStrings("column_type")));
        var after = _workspace.CurrentAnswers();
        Assert.Equal(before.Households, after.Households);
        Assert.Equal(before.Income, after.Income, 0);
    }

    [Theory]
    [InlineData("TIMESTAMP_S")]
    [InlineData("TIMESTAMP_MS")]
    [InlineData("TIMESTAMP")]
    [InlineData("TIMESTAMP_NS")]
    [InlineData("TIMESTAMPTZ")]
    public void Import_DatesAsTimestampsOfAnyUnit_AcceptedAtMidnight(string type)
    {
        var file = _workspace.FileOf("household_years/year=2023");
        var before = _workspace.Connection.QueryColumns("SELECT count(identified_date) AS n, max(identified_date) AS d FROM read_parquet(?)", _workspace.PathOf(file));
        _workspace.Rewrite(file,
            "SET TimeZone = 'UTC'",
            $"ALTER TABLE t ALTER identified_date TYPE {type}",
            $"ALTER TABLE t ALTER risk_eliminated_date TYPE {type}");

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Outcome == ImportOutcome.Published, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Empty(report.ProblemCounts);
        var after = _workspace.Connection.QueryColumns(
            "SELECT count(identified_date) AS n, max(identified_date) AS d, any_value(typeof(identified_date)) AS t FROM read_parquet(?) WHERE year = 2023",
            _workspace.Store.CurrentTablePath("household_years"));
        Assert.Equal("DATE", after.GetStrings("t")[0]);
        Assert.Equal(before.GetInt64s("n")[0], after.GetInt64s("n")[0]);
        Assert.Equal(before["d"].Values.GetValue(0), after["d"].Values.GetValue(0));
    }

    [Fact]
    public void Import_TableSplitIntoManyFilesWithoutPartitionColumn_SameAnswers()
    {
        var before = _workspace.CurrentAnswers();
        var file = _workspace.PathOf(_workspace.FileOf("household_years/year=2022"));
        var folder = Path.GetDirectoryName(file)!;
        _workspace.Connection.Execute("CREATE TABLE split AS SELECT * EXCLUDE (year) FROM read_parquet(?, hive_partitioning = false)", file);
        File.Delete(file);
        _workspace.Connection.Execute("COPY (SELECT * FROM split WHERE household_id % 2 = 0) TO ? (FORMAT parquet, COMPRESSION gzip)", Path.Combine(folder, "even.parquet"));
        _workspace.Connection.Execute("COPY (SELECT * FROM split WHERE household_id % 2 = 1) TO ? (FORMAT parquet, COMPRESSION uncompressed)", Path.Combine(folder, "odd.parquet"));

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Outcome == ImportOutcome.Published, string.Join("; ", report.Problems.Select(p => p.Message)));
        var after = _workspace.CurrentAnswers();
        Assert.Equal(before.HouseholdYears, after.HouseholdYears);
        Assert.Equal(before.Income, after.Income, 6);
    }

    [Fact]
    public void Import_FilesFromSecondWriterWithRequiredFields_SameAnswers()
    {
        var before = _workspace.CurrentAnswers();
        var households = _workspace.FileOf("households");
        var year = _workspace.FileOf("household_years/year=2022");
        RewriteWithMinimalWriter(households);
        RewriteWithMinimalWriter(year);
        var schema = _workspace.Connection.QueryColumns(
            "SELECT name, repetition_type, converted_type FROM parquet_schema(?) WHERE name IN ('household_id', 'poverty_exit_year', 'household_size', 'labour_count') ORDER BY name",
            _workspace.PathOf(households));
        var created = _workspace.Connection.QueryColumns("SELECT created_by FROM parquet_file_metadata(?)", _workspace.PathOf(households)).GetStrings("created_by")[0];

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("revival-tests minimal writer", created);
        Assert.Equal("REQUIRED,REQUIRED,REQUIRED,OPTIONAL", string.Join(',', schema.GetStrings("repetition_type")));
        Assert.True(report.Outcome == ImportOutcome.Published, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Empty(report.ProblemCounts);
        var after = _workspace.CurrentAnswers();
        Assert.Equal((before.Households, before.HouseholdYears), (after.Households, after.HouseholdYears));
        Assert.Equal(before.Income, after.Income, 6);
    }

    // Every column as the second writer would: BIGINT as INT64, small integers as INT32 (annotated INT_8/INT_16 only
    // for some, as older writers often leave the annotation out), DATE as INT32 + DATE, text as UTF8; NOT NULL
    // columns REQUIRED, nullable ones OPTIONAL.
    private void RewriteWithMinimalWriter(string relative)
    {
        var path = _workspace.PathOf(relative);
        var described = _workspace.Connection.QueryColumns("DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", path);
        var names = described.GetStrings("column_name");
        var types = described.GetStrings("column_type");
        var select = names.Select((n, i) => types[i] switch
        {
            "TINYINT" or "SMALLINT" or "INTEGER" => $"CAST(\"{n}\" AS INTEGER) AS \"{n}\"",
            "DATE" => $"CAST(date_diff('day', DATE '1970-01-01', \"{n}\") AS INTEGER) AS \"{n}\"",
            _ => $"\"{n}\"",
        });
        var data = _workspace.Connection.QueryColumns($"SELECT {string.Join(", ", select)} FROM read_parquet(?, hive_partitioning = false)", path);
        var columns = new List<MinimalParquetWriter.Column>();
        for (var i = 0; i < names.Length; i++)
        {
            var column = data[i];
            var nulls = Enumerable.Range(0, data.RowCount).Select(column.IsNull).ToArray();
            var physical = types[i] switch
            {
                "BIGINT" => MinimalParquetWriter.PhysicalType.Int64,
                "DOUBLE" => MinimalParquetWriter.PhysicalType.Double,
                "VARCHAR" => MinimalParquetWriter.PhysicalType.ByteArray,
                "BOOLEAN" => MinimalParquetWriter.PhysicalType.Boolean,
                _ => MinimalParquetWriter.PhysicalType.Int32,
            };
            MinimalParquetWriter.ConvertedType? converted = types[i] switch
            {
                "VARCHAR" => MinimalParquetWriter.ConvertedType.Utf8,
                "DATE" => MinimalParquetWriter.ConvertedType.Date,
                "TINYINT" when i % 2 == 0 => MinimalParquetWriter.ConvertedType.Int8,
                "SMALLINT" when i % 2 == 0 => MinimalParquetWriter.ConvertedType.Int16,
                _ => null,
            };
            columns.Add(new MinimalParquetWriter.Column(names[i]!, physical, column.Values, nulls.Any(n => n) || IsNullable(relative, names[i]!) ? nulls : null, converted));
        }

        File.Delete(path);
        MinimalParquetWriter.Write(path, data.RowCount, columns);
    }

    private static bool IsNullable(string relative, string column) =>
        DataContract.Table(relative.Split('/')[0]).Column(column)?.Nullable == true;

    private void RewriteAll(string options)
    {
        foreach (var path in Directory.EnumerateFiles(_workspace.Export, "*.parquet", SearchOption.AllDirectories).ToList())
        {
            _workspace.Connection.Execute("DROP TABLE IF EXISTS v");
            _workspace.Connection.Execute("CREATE TABLE v AS SELECT * FROM read_parquet(?, hive_partitioning = false)", path);
            File.Delete(path);
            _workspace.Connection.Execute($"COPY v TO ? (FORMAT parquet, {options})", path);
        }
    }
}
