using RevivalAnalytics.Data;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

public sealed partial class AssessmentService
{
    /// <summary>Draws the field-check sample of one county for the scheme's year, with the quotas of its class.</summary>
    /// <param name="scheme">The scheme (year and quotas).</param>
    /// <param name="countyCode">County.</param>
    /// <param name="seed">Seed: the same data, scheme and seed draw the same sample.</param>
    /// <exception cref="MetricArgumentException">Unknown county (parameter <c>county</c>) or no data for the year.</exception>
    public FieldSample DrawFieldSample(AssessmentScheme scheme, int countyCode, long seed) =>
        DrawFieldSamples(scheme, [countyCode], seed)[countyCode];

    /// <summary>Draws the field-check samples of several counties (one read of the data for all of them).</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="countyCodes">Counties.</param>
    /// <param name="seed">Seed (each county draws from its own stream of it).</param>
    /// <exception cref="MetricArgumentException">An unknown county or no data for the year.</exception>
    public IReadOnlyDictionary<int, FieldSample> DrawFieldSamples(AssessmentScheme scheme, IEnumerable<int> countyCodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(countyCodes);
        var codes = countyCodes.Distinct().ToList();
        var counties = codes.Select(_kpis.GetCounty).ToList();
        _kpis.ResolvePeriod(scheme.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var frames = LoadFrames(scheme.Year, codes);
        return counties.ToDictionary(
            c => c.Code,
            c => FieldSampler.Draw(frames[c.Code], scheme.ScorecardFor(c.CountyClass).FieldCheck, seed));
    }

    /// <summary>What a county's field check would sample from, before drawing: villages, and households by stratum and by
    /// question (the populations <see cref="FieldSampleSize"/> needs).</summary>
    /// <param name="year">The assessment year.</param>
    /// <param name="countyCode">County.</param>
    /// <returns>The frame's sizes.</returns>
    /// <exception cref="MetricArgumentException">Unknown county (parameter <c>county</c>) or no data for the year.</exception>
    public FieldFrameSize DescribeFieldFrame(int year, int countyCode)
    {
        _kpis.GetCounty(countyCode);
        _kpis.ResolvePeriod(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var frame = LoadFrames(year, [countyCode])[countyCode];
        return new FieldFrameSize(
            countyCode,
            year,
            frame.Households.Select(h => h.VillageCode).Distinct().Count(),
            Enum.GetValues<FieldStratum>().ToDictionary(s => s, s => frame.Households.Count(h => h.Stratum == s)),
            frame.Households.Count(h => h.AskExit),
            frame.Households.Count(h => h.AskMissed));
    }

    /// <summary>The three rates with 95 % intervals from a sample and the results the field team brought back.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="results">One result per checked household (households without a result are left out of the rates).</param>
    /// <exception cref="EntryImportException">A result names a household outside the sample, twice, or answers a
    /// question that does not apply to it.</exception>
    public static FieldCheckEstimates EstimateFieldCheck(FieldSample sample, IReadOnlyCollection<FieldResult> results)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(results);
        var problems = FieldResultRules.Check(sample, results.Select(r => (Row: (int?)null, Result: r)));
        return problems.Count > 0
            ? throw new EntryImportException("实地核查结果 / field results", problems)
            : FieldEstimator.Estimate(sample, results);
    }

    internal Dictionary<int, FieldFrame> LoadFrames(int year, IReadOnlyCollection<int> countyCodes)
    {
        using var connection = _kpis.Connect();

        // One county: filter in SQL. Several: one pass over the year for all of them (117 filtered scans would each
        // read the whole households table). Caller values travel as parameters.
        var one = countyCodes.Count == 1;
        var filter = one ? "h.county_code = $2 AND " : string.Empty;
        object?[] args = one ? [year, countyCodes.First()] : [year];
        var c = connection.QueryColumns(
            $"""
            SELECT h.county_code, h.household_id, h.village_code, h.household_type, h.labour_count, y.monitoring_status
            FROM households h JOIN household_years y ON y.household_id = h.household_id
            WHERE {filter}y.year = $1
            ORDER BY h.county_code, h.household_id
            """,
            args);
        var v = connection.QueryColumns(
            $"SELECT county_code, village_code, village_name FROM villages h WHERE {(one ? "h.county_code = $1" : "true")}",
            one ? [countyCodes.First()] : []);

        var wanted = countyCodes.ToHashSet();
        var county = c.GetInt64s("county_code");
        var ids = c.GetInt64s("household_id");
        var villages = c.GetInt64s("village_code");
        var types = c.GetInt64s("household_type");
        var labour = c.GetInt64s("labour_count");
        var status = c.GetInt64s("monitoring_status");
        var lists = wanted.ToDictionary(code => code, _ => new List<FrameHousehold>());
        for (var i = 0; i < ids.Length; i++)
        {
            if (lists.TryGetValue((int)county[i], out var list))
            {
                var (stratum, askExit, askMissed) = FieldFrame.Classify((int)types[i], (int)labour[i], (int)status[i]);
                list.Add(new FrameHousehold(ids[i], villages[i], stratum, askExit, askMissed));
            }
        }

        var villageCounty = v.GetInt64s("county_code");
        var villageCodes = v.GetInt64s("village_code");
        var villageNames = v.GetStrings("village_name");
        var names = wanted.ToDictionary(code => code, _ => new Dictionary<long, string>());
        for (var i = 0; i < villageCodes.Length; i++)
        {
            if (names.TryGetValue((int)villageCounty[i], out var map))
            {
                map[villageCodes[i]] = villageNames[i] ?? string.Empty;
            }
        }

        return wanted.ToDictionary(code => code, code => new FieldFrame(code, year, lists[code].ToArray(), names[code]));
    }
}

public sealed partial class AssessmentService
{
    /// <summary>Writes the field list of <paramref name="sample"/> as XLSX for the teams.</summary>
    /// <param name="sample">The sample.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="includePersonalData">True only for a user permitted to see personal data: the head's name, ID
    /// number and phone are written as they are; otherwise masked (张*, 140121********1234, 100****5678) inside the
    /// query, so raw values never leave it.</param>
    public void WriteFieldList(FieldSample sample, Stream stream, bool includePersonalData)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(stream);
        string Column(string name, Func<string, string> mask) => includePersonalData ? name : mask(name);
        using var connection = _kpis.Connect();
        var c = connection.QueryColumns(
            $"""
            SELECT household_id,
                   {Column("head_name", PersonalDataMask.NameSql)} AS head_name,
                   {Column("head_id_number", PersonalDataMask.IdNumberSql)} AS head_id_number,
                   {Column("head_phone", PersonalDataMask.PhoneSql)} AS head_phone,
                   household_size
            FROM households WHERE county_code = $1
            """,
            sample.CountyCode);
        var wanted = sample.Households.Select(h => h.HouseholdId).ToHashSet();
        var ids = c.GetInt64s("household_id");
        var names = c.GetStrings("head_name");
        var numbers = c.GetStrings("head_id_number");
        var phones = c.GetStrings("head_phone");
        var sizes = c.GetInt64s("household_size");
        var details = new Dictionary<long, FieldListHousehold>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (wanted.Contains(ids[i]))
            {
                details[ids[i]] = new FieldListHousehold(ids[i], names[i] ?? string.Empty, numbers[i] ?? string.Empty, phones[i] ?? string.Empty, (int)sizes[i]);
            }
        }

        FieldListWorkbook.Write(sample, details, stream);
    }
}
