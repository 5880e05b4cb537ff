using DuckDB.NET.Data;
using RevivalAnalytics.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Metrics;

/// <summary>A county-level unit as the metric layer knows it.</summary>
/// <param name="Code">GB/T 2260 code.</param>
/// <param name="Name">County name.</param>
/// <param name="PrefectureCode">Prefecture code.</param>
/// <param name="PrefectureName">Prefecture name.</param>
/// <param name="CountyClass">Class code: 1 先行示范, 2 整体推进, 3 重点帮扶.</param>
/// <param name="FormerPovertyStatus">0 none, 1 national, 2 provincial former poverty county.</param>
/// <param name="RuralPopulation">Rural resident population.</param>
public sealed record CountyInfo(int Code, string Name, int PrefectureCode, string PrefectureName, int CountyClass, int FormerPovertyStatus, long RuralPopulation);

/// <summary>What one build of the aggregate tables holds: its data version, periods and counties.</summary>
internal sealed record MetricSnapshot(
    string DataVersion,
    IReadOnlyList<int> Years,
    IReadOnlyList<(int Year, int Month)> Months,
    IReadOnlyDictionary<int, CountyInfo> Counties);

/// <summary>
/// Builds the metric layer's aggregate tables once per data version, in the source's database: county × year and
/// county × month facts and a breakdown of monitored households. Every KPI reads them, so no page or API call ever
/// scans household rows except the household early-warning list. Rebuilt when <see cref="IAnalyticsSource.DataVersion"/>
/// changes. With a cache folder the tables are also kept as Parquet, keyed by data version and definition fingerprint.
/// </summary>
internal sealed partial class MetricStore(IAnalyticsSource source, string? cacheDirectory = null, Action<string>? warn = null)
{
    internal const string CountyYearTable = "metric_county_year";
    internal const string CountyMonthTable = "metric_county_month";
    internal const string BreakdownTable = "metric_monitored_breakdown";
    internal const string HouseholdFlagsTable = "metric_household_flags";

    /// <summary>Raised by hand when the cache's layout changes (file names, manifest, Parquet options) without the
    /// SQL changing, so older caches are not read as the new format.</summary>
    internal const int CacheFormat = 1;

    internal const string CacheManifestFile = "cache.json";
    private const string StagingMarker = ".writing-";

    private static readonly string[] s_tables = [CountyYearTable, CountyMonthTable, BreakdownTable, HouseholdFlagsTable];

    // Exactly the statements Build executes, in order.
    private static readonly string[] s_buildStatements = [CountyYearSql(), CountyMonthSql(), BreakdownSql(), HouseholdFlagsSql()];

    /// <summary>
    /// Names what the cached tables were computed by: a SHA-256 over <see cref="CacheFormat"/> and the SQL text of
    /// every build statement (the masking SQL included). Any change to a definition changes the text and so the key,
    /// and a cache written by other code is never read; unchanged code on the same data version reads it back.
    /// 16 hex digits (64 bits) are plenty to tell definitions apart and keep paths short.
    /// </summary>
    internal static string DefinitionFingerprint { get; } = Fingerprint(s_buildStatements);

    private readonly Lock _buildLock = new();
    private volatile MetricSnapshot? _snapshot;

    internal IAnalyticsSource Source { get; } = source;

    /// <summary>Whether the last build of the tables was read from the cache folder instead of computed.</summary>
    internal bool LastLoadedFromCache { get; private set; }

    /// <summary>The current build, built now if the data version changed.</summary>
    internal MetricSnapshot Current()
    {
        var version = Source.DataVersion;
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.DataVersion == version)
        {
            return snapshot;
        }

        lock (_buildLock)
        {
            if (_snapshot is { } built && built.DataVersion == version)
            {
                return built;
            }

            using var connection = Source.Connect();
            LastLoadedFromCache = LoadCached(connection, version);
            if (!LastLoadedFromCache)
            {
                foreach (var statement in s_buildStatements)
                {
                    connection.Execute(statement);
                }

                SaveCached(connection, version);
            }

            _snapshot = ReadSnapshot(connection, version);
            return _snapshot;
        }
    }

    /// <summary>Where the tables of <paramref name="version"/> under the current definitions are kept on disk
    /// (<c>&lt;cache&gt;/&lt;version&gt;/&lt;fingerprint&gt;/</c>), or null when there is no cache or the version is
    /// not a safe folder name.</summary>
    internal string? CacheFolder(string version) =>
        cacheDirectory is null || !SafeVersion().IsMatch(version) || version is "." or ".."
            ? null
            : Path.Combine(Path.GetFullPath(cacheDirectory), version, DefinitionFingerprint);

    /// <summary>Whether an entry of a version's cache folder belongs to the current definitions: their folder, or one
    /// being written now (a staging folder less than an hour old). Anything else is stale.</summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="lastWriteUtc">When it was last written.</param>
    internal static bool IsCurrentCacheEntry(string name, DateTime lastWriteUtc) =>
        name == DefinitionFingerprint
        || (name.StartsWith(DefinitionFingerprint + StagingMarker, StringComparison.Ordinal) && DateTime.UtcNow - lastWriteUtc < TimeSpan.FromHours(1));

    // A restart with an unchanged data version and unchanged definitions reads the tables back (milliseconds)
    // instead of rebuilding them from household rows (about a minute for 2,000,000 households). Anything doubtful is
    // ignored and rebuilt: a cache only ever saves time.
    private bool LoadCached(DuckDBConnection connection, string version)
    {
        var folder = CacheFolder(version);
        if (folder is null || !IsComplete(folder, version))
        {
            return false;
        }

        try
        {
            foreach (var table in s_tables)
            {
                // DDL takes no parameters; the path is built from the configured folder and a validated version id.
                connection.Execute($"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet({SqlText.Literal(Path.Combine(folder, table + ".parquet"))})");
            }

            return true;
        }
        catch (Exception error) when (error is DuckDBException or IOException or UnauthorizedAccessException)
        {
            warn?.Invoke($"无法读取指标缓存 {folder},改为重新计算:{error.Message} / could not read the metric cache {folder}, building the aggregates instead: {error.Message}");
            TryDelete(folder);
            return false;
        }
    }

    // Complete means moved into place whole (the manifest is written last, inside the staging folder) and written
    // for this data version and these definitions.
    private static bool IsComplete(string folder, string version)
    {
        try
        {
            var manifest = Path.Combine(folder, CacheManifestFile);
            if (!File.Exists(manifest) || !s_tables.All(t => File.Exists(Path.Combine(folder, t + ".parquet"))))
            {
                return false;
            }

            return File.ReadAllText(manifest) == Manifest(version);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Manifest(string version) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["format"] = CacheFormat,
        ["dataVersion"] = version,
        ["definitions"] = DefinitionFingerprint,
    });

    // A cache that cannot be written (no permission, disk full) costs the next start a rebuild, nothing more.
    private void SaveCached(DuckDBConnection connection, string version)
    {
        var folder = CacheFolder(version);
        if (folder is null)
        {
            return;
        }

        // Written to a sibling folder and moved into place, so a crash never leaves a partial cache behind.
        var staging = folder + StagingMarker + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
            foreach (var table in s_tables)
            {
                connection.Execute($"COPY {table} TO {SqlText.Literal(Path.Combine(staging, table + ".parquet"))} (FORMAT parquet, COMPRESSION zstd)");
            }

            File.WriteAllText(Path.Combine(staging, CacheManifestFile), Manifest(version));
            if (IsComplete(folder, version))
            {
                // Another process on the same data wrote the same tables meanwhile.
                Directory.Delete(staging, recursive: true);
                return;
            }

            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(staging, folder);
        }
        catch (Exception error) when (error is DuckDBException or IOException or UnauthorizedAccessException)
        {
            warn?.Invoke($"无法写入指标缓存 {folder},不使用缓存继续运行:{error.Message} / could not write the metric cache {folder}; carrying on without it: {error.Message}");
            TryDelete(staging);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left for `revival versions prune`; never read, since it is incomplete or unreadable.
        }
    }

    internal static string Fingerprint(IEnumerable<string> statements)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(CacheFormat.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        foreach (var statement in statements)
        {
            // Line endings normalised: the same source checked out on Windows must give the same key.
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(statement.ReplaceLineEndings("\n") + "\0"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_.-]{1,80}$")]
    private static partial System.Text.RegularExpressions.Regex SafeVersion();

    private static string CountyYearSql() => $"""
            CREATE OR REPLACE TABLE {CountyYearTable} AS
            WITH hy AS (
                -- year cast: DuckDB 1.5 mis-propagates statistics of a hive partition column through this self-join
                -- and a perfect-hash GROUP BY on it fails; the cast drops those statistics.
                SELECT y.county_code, y.year::INTEGER AS year, y.household_id, y.per_capita_net_income AS income, y.monitoring_status,
                       y.newly_identified, h.household_type, h.household_size, h.sample_weight AS w, ml.monitoring_line,
                       p.per_capita_net_income AS previous_income,
                       NOT (y.food_clothing_secure AND y.compulsory_education_secure AND y.basic_medical_secure
                            AND y.housing_secure AND y.drinking_water_secure) AS guarantee_gap
                FROM household_years y
                JOIN households h ON h.household_id = y.household_id
                LEFT JOIN monitoring_lines ml ON ml.year = y.year
                LEFT JOIN household_years p ON p.household_id = y.household_id AND p.year = y.year - 1
            ),
            hh AS (
                SELECT county_code, year,
                       count(*) AS households_n,
                       sum(w) AS households_w,
                       sum(w) FILTER (household_type = 1) AS alleviated_w,
                       count(*) FILTER (monitoring_status = 1) AS monitored_n,
                       sum(w) FILTER (monitoring_status = 1) AS monitored_w,
                       sum(w * household_size) FILTER (monitoring_status = 1) AS monitored_people_w,
                       sum(w) FILTER (monitoring_status IN (1, 2)) AS identified_w,
                       sum(w) FILTER (monitoring_status = 2) AS eliminated_w,
                       count(*) FILTER (newly_identified) AS newly_identified_n,
                       sum(w) FILTER (newly_identified) AS newly_identified_w,
                       count(*) FILTER (newly_identified AND household_type = 1 AND income < monitoring_line) AS returned_n,
                       sum(w) FILTER (newly_identified AND household_type = 1 AND income < monitoring_line) AS returned_w,
                       count(*) FILTER (income < monitoring_line) AS below_line_n,
                       sum(w) FILTER (income < monitoring_line) AS below_line_w,
                       count(*) FILTER (previous_income > 0 AND income < 0.6 * previous_income) AS sharp_drop_n,
                       sum(w) FILTER (previous_income > 0 AND income < 0.6 * previous_income) AS sharp_drop_w,
                       count(*) FILTER (guarantee_gap) AS guarantee_gap_n,
                       sum(w) FILTER (guarantee_gap) AS guarantee_gap_w
                FROM hy
                GROUP BY county_code, year
            )
            SELECT c.county_code, yrs.year, c.county_name, c.prefecture_code, c.prefecture_name,
                   c.county_class::INTEGER AS county_class, c.former_poverty_status::INTEGER AS former_poverty_status,
                   c.former_poverty_status <> 0 AS poverty_county,
                   c.rural_population::DOUBLE AS rural_population,
                   c.poverty_alleviated_population::DOUBLE AS poverty_alleviated_population,
                   ci.rural_income_per_capita, prev.rural_income_per_capita AS rural_income_prev,
                   ci.poverty_alleviated_income_per_capita, prev.poverty_alleviated_income_per_capita AS poverty_alleviated_income_prev,
                   ci.poverty_alleviated_labour_employed::DOUBLE AS poverty_alleviated_labour_employed,
                   ci.public_welfare_posts::DOUBLE AS public_welfare_posts,
                   ci.workshop_employed::DOUBLE AS workshop_employed,
                   ci.linkage_funds::DOUBLE AS linkage_funds,
                   ci.linkage_funds_industry::DOUBLE AS linkage_funds_industry,
                   ci.weak_villages::DOUBLE AS weak_villages,
                   ci.problems_found::DOUBLE AS problems_found,
                   ci.problems_rectified::DOUBLE AS problems_rectified,
                   ci.dropout_students_found::DOUBLE AS dropout_students_found,
                   ci.dropout_students_returned::DOUBLE AS dropout_students_returned,
                   ci.medical_insurance_target::DOUBLE AS medical_insurance_target,
                   ci.medical_insured::DOUBLE AS medical_insured,
                   ci.unsafe_houses_found::DOUBLE AS unsafe_houses_found,
                   ci.unsafe_houses_fixed::DOUBLE AS unsafe_houses_fixed,
                   ci.water_dangers_found::DOUBLE AS water_dangers_found,
                   ci.water_dangers_fixed::DOUBLE AS water_dangers_fixed,
                   (ci.dropout_students_found + ci.unsafe_houses_found + ci.water_dangers_found)::DOUBLE AS guarantee_problems_found,
                   (ci.dropout_students_returned + ci.unsafe_houses_fixed + ci.water_dangers_fixed)::DOUBLE AS guarantee_problems_fixed,
                   ci.relocated_people::DOUBLE AS relocated_people,
                   ci.relocated_labour_employed::DOUBLE AS relocated_labour_employed,
                   ml.monitoring_line,
                   ml.monitoring_line IS NOT NULL AS monitoring_year,
                   coalesce(hh.households_n, 0)::DOUBLE AS households_n,
                   coalesce(hh.households_w, 0) AS households_w,
                   coalesce(hh.alleviated_w, 0) AS alleviated_w,
                   coalesce(hh.monitored_n, 0)::DOUBLE AS monitored_n,
                   coalesce(hh.monitored_w, 0) AS monitored_w,
                   coalesce(hh.monitored_people_w, 0) AS monitored_people_w,
                   coalesce(hh.identified_w, 0) AS identified_w,
                   coalesce(hh.eliminated_w, 0) AS eliminated_w,
                   coalesce(hh.newly_identified_n, 0)::DOUBLE AS newly_identified_n,
                   coalesce(hh.newly_identified_w, 0) AS newly_identified_w,
                   coalesce(hh.returned_n, 0)::DOUBLE AS returned_n,
                   coalesce(hh.returned_w, 0) AS returned_w,
                   coalesce(hh.below_line_n, 0)::DOUBLE AS below_line_n,
                   coalesce(hh.below_line_w, 0) AS below_line_w,
                   coalesce(hh.sharp_drop_n, 0)::DOUBLE AS sharp_drop_n,
                   coalesce(hh.sharp_drop_w, 0) AS sharp_drop_w,
                   coalesce(hh.guarantee_gap_n, 0)::DOUBLE AS guarantee_gap_n,
                   coalesce(hh.guarantee_gap_w, 0) AS guarantee_gap_w
            -- Every county in every year: a county-year the importer quarantined shows as NULL values, not as a
            -- missing county.
            FROM counties c
            CROSS JOIN (SELECT DISTINCT year::INTEGER AS year FROM county_indicators) yrs
            LEFT JOIN county_indicators ci ON ci.county_code = c.county_code AND ci.year = yrs.year
            LEFT JOIN county_indicators prev ON prev.county_code = c.county_code AND prev.year = yrs.year - 1
            LEFT JOIN monitoring_lines ml ON ml.year = yrs.year
            LEFT JOIN hh ON hh.county_code = c.county_code AND hh.year = yrs.year
            ORDER BY c.county_code, yrs.year
            """;

    private static string CountyMonthSql() => $"""
            CREATE OR REPLACE TABLE {CountyMonthTable} AS
            WITH s AS (
                SELECT s.county_code, s.year::INTEGER AS year, s.month::INTEGER AS month, s.snapshot_status,
                       s.per_capita_income_12m, s.guarantees_secure, h.sample_weight AS w, h.household_size, ml.monitoring_line
                FROM monitoring_snapshots s
                JOIN households h ON h.household_id = s.household_id
                LEFT JOIN monitoring_lines ml ON ml.year = s.year
            ),
            agg AS (
                SELECT county_code, year, month,
                       count(*) FILTER (snapshot_status IN (1, 2)) AS monitored_n,
                       sum(w) FILTER (snapshot_status IN (1, 2)) AS monitored_w,
                       sum(w * household_size) FILTER (snapshot_status IN (1, 2)) AS monitored_people_w,
                       count(*) FILTER (snapshot_status = 1) AS newly_identified_n,
                       sum(w) FILTER (snapshot_status = 1) AS newly_identified_w,
                       count(*) FILTER (snapshot_status = 3) AS eliminated_n,
                       sum(w) FILTER (snapshot_status = 3) AS eliminated_w,
                       sum(w) FILTER (snapshot_status IN (1, 2) AND per_capita_income_12m < monitoring_line) AS below_line_w,
                       sum(w) FILTER (snapshot_status IN (1, 2) AND NOT guarantees_secure) AS guarantee_gap_w
                FROM s
                GROUP BY county_code, year, month
            ),
            periods AS (SELECT DISTINCT year::INTEGER AS year, month::INTEGER AS month FROM monitoring_snapshots)
            SELECT c.county_code, p.year, p.month, c.county_name, c.prefecture_code, c.prefecture_name,
                   c.county_class::INTEGER AS county_class, c.former_poverty_status <> 0 AS poverty_county,
                   c.rural_population::DOUBLE AS rural_population,
                   coalesce(a.monitored_n, 0)::DOUBLE AS monitored_n,
                   coalesce(a.monitored_w, 0) AS monitored_w,
                   coalesce(a.monitored_people_w, 0) AS monitored_people_w,
                   coalesce(a.newly_identified_n, 0)::DOUBLE AS newly_identified_n,
                   coalesce(a.newly_identified_w, 0) AS newly_identified_w,
                   coalesce(a.eliminated_n, 0)::DOUBLE AS eliminated_n,
                   coalesce(a.eliminated_w, 0) AS eliminated_w,
                   coalesce(a.below_line_w, 0) AS below_line_w,
                   coalesce(a.guarantee_gap_w, 0) AS guarantee_gap_w
            FROM counties c CROSS JOIN periods p
            LEFT JOIN agg a ON a.county_code = c.county_code AND a.year = p.year AND a.month = p.month
            ORDER BY c.county_code, p.year, p.month
            """;

    // Monitored (risk not eliminated) households at year end by category, primary cause and assistance measure.
    private static string BreakdownSql() => $"""
            CREATE OR REPLACE TABLE {BreakdownTable} AS
            WITH m AS (
                SELECT y.county_code, y.year::INTEGER AS year, y.monitored_category, y.primary_risk_cause, y.assistance_mask,
                       h.sample_weight AS w
                FROM household_years y JOIN households h ON h.household_id = y.household_id
                WHERE y.monitoring_status = 1
            )
            SELECT county_code, year, 'category' AS dimension, monitored_category::INTEGER AS code,
                   count(*)::DOUBLE AS households_n, sum(w) AS households_w
            FROM m WHERE monitored_category IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT county_code, year, 'cause', primary_risk_cause::INTEGER, count(*)::DOUBLE, sum(w)
            FROM m WHERE primary_risk_cause IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT county_code, year, 'assistance', b.code, count(*)::DOUBLE, sum(w)
            FROM m CROSS JOIN (SELECT range::INTEGER AS code FROM range(1, 11)) b
            WHERE (m.assistance_mask >> (b.code - 1)) & 1 = 1
            GROUP BY ALL
            """;

    // Household-years crossing a warning threshold (a few percent of all rows), with personal data already masked
    // (PersonalDataMask's SQL form), so the early-warning list never scans household rows.
    private static string HouseholdFlagsSql() => $"""
            CREATE OR REPLACE TABLE {HouseholdFlagsTable} AS
            WITH y AS (
                SELECT household_id, year::INTEGER AS year, county_code, per_capita_net_income, monitoring_status,
                       monitored_category, primary_risk_cause,
                       NOT (food_clothing_secure AND compulsory_education_secure AND basic_medical_secure
                            AND housing_secure AND drinking_water_secure) AS guarantee_gap
                FROM household_years
            ),
            f AS (
                SELECT y.household_id, y.year, y.county_code, y.per_capita_net_income AS income,
                       p.per_capita_net_income AS previous_income,
                       CASE WHEN p.per_capita_net_income > 0 THEN 100 * (y.per_capita_net_income / p.per_capita_net_income - 1) END AS income_change,
                       ml.monitoring_line, y.monitoring_status::INTEGER AS monitoring_status,
                       y.monitored_category::INTEGER AS monitored_category, y.primary_risk_cause::INTEGER AS primary_risk_cause,
                       coalesce(y.per_capita_net_income < ml.monitoring_line, false) AS below_line,
                       coalesce(p.per_capita_net_income > 0 AND y.per_capita_net_income < 0.6 * p.per_capita_net_income, false) AS sharp_drop,
                       y.guarantee_gap
                FROM y
                LEFT JOIN monitoring_lines ml ON ml.year = y.year
                LEFT JOIN y p ON p.household_id = y.household_id AND p.year = y.year - 1
            )
            SELECT f.*, c.county_name, c.prefecture_code, h.household_size::INTEGER AS household_size,
                   {PersonalDataMask.NameSql("h.head_name")} AS head_name_masked,
                   {PersonalDataMask.IdNumberSql("h.head_id_number")} AS head_id_number_masked
            FROM f
            JOIN households h ON h.household_id = f.household_id
            JOIN counties c ON c.county_code = f.county_code
            WHERE f.below_line OR f.sharp_drop OR f.guarantee_gap
            ORDER BY f.year, f.county_code, f.household_id
            """;

    private static MetricSnapshot ReadSnapshot(DuckDBConnection connection, string version)
    {
        var years = connection.QueryColumns($"SELECT DISTINCT year FROM {CountyYearTable} ORDER BY year").GetInt64s("year");
        var months = connection.QueryColumns($"SELECT DISTINCT year, month FROM {CountyMonthTable} ORDER BY year, month");
        var monthYears = months.GetInt64s("year");
        var monthNumbers = months.GetInt64s("month");
        var counties = connection.QueryColumns($"""
            SELECT county_code, any_value(county_name) AS county_name, any_value(prefecture_code) AS prefecture_code,
                   any_value(prefecture_name) AS prefecture_name, any_value(county_class) AS county_class,
                   any_value(former_poverty_status) AS former_poverty_status, any_value(rural_population)::BIGINT AS rural_population
            FROM {CountyYearTable} GROUP BY county_code ORDER BY county_code
            """);
        var codes = counties.GetInt64s("county_code");
        var names = counties.GetStrings("county_name");
        var prefectures = counties.GetInt64s("prefecture_code");
        var prefectureNames = counties.GetStrings("prefecture_name");
        var classes = counties.GetInt64s("county_class");
        var statuses = counties.GetInt64s("former_poverty_status");
        var populations = counties.GetInt64s("rural_population");
        var map = new Dictionary<int, CountyInfo>();
        for (var i = 0; i < codes.Length; i++)
        {
            map[(int)codes[i]] = new CountyInfo((int)codes[i], names[i] ?? string.Empty, (int)prefectures[i], prefectureNames[i] ?? string.Empty,
                (int)classes[i], (int)statuses[i], populations[i]);
        }

        return new MetricSnapshot(
            version,
            years.Select(y => (int)y).ToArray(),
            monthYears.Select((y, i) => ((int)y, (int)monthNumbers[i])).ToArray(),
            map);
    }
}
