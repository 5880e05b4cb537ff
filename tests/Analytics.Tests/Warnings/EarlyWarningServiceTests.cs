using System.Text;
using RevivalAnalytics.Data;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Tests.Metrics;
using RevivalAnalytics.Warnings;
using Xunit;

namespace RevivalAnalytics.Tests.Warnings;

public sealed class EarlyWarningServiceTests(MetricsFixture data) : IClassFixture<MetricsFixture>
{
    private const string FlaggedHouseholds = """
        SELECT count(*) FROM household_years y
        LEFT JOIN monitoring_lines ml ON ml.year = y.year
        LEFT JOIN household_years p ON p.household_id = y.household_id AND p.year = y.year - 1
        WHERE y.year = $1 AND (
            coalesce(y.per_capita_net_income < ml.monitoring_line, false)
            OR coalesce(p.per_capita_net_income > 0 AND y.per_capita_net_income < 0.6 * p.per_capita_net_income, false)
            OR NOT (y.food_clothing_secure AND y.compulsory_education_secure AND y.basic_medical_secure AND y.housing_secure AND y.drinking_water_secure))
        """;

    [Fact]
    public void GetHouseholdWarnings_Default_AscendingIncomeWithTotalOfAllFlaggedHouseholds()
    {
        var page = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2020", PageSize = 20 });
        Assert.Equal((long)data.Scalar(FlaggedHouseholds, 2020)!.Value, page.Total);
        Assert.True(page.Total > 20);
        Assert.Equal(20, page.Rows.Count);
        Assert.Equal("income", page.Sort);
        Assert.False(page.Descending);
        Assert.Equal(page.Rows.Select(r => r.Income).Order(), page.Rows.Select(r => r.Income));
        Assert.All(page.Rows, r => Assert.True(r.BelowLine || r.SharpDrop || r.GuaranteeGap));
        var lowest = data.Scalar("SELECT min(per_capita_net_income) FROM household_years WHERE year = 2020");
        Assert.Equal(lowest, page.Rows[0].Income);
    }

    [Fact]
    public void GetHouseholdWarnings_TwoPages_ContinueTheSameOrder()
    {
        var query = new WarningQuery { Period = "2020", Sort = "income_change", Descending = true, PageSize = 7 };
        var first = data.Warnings.GetHouseholdWarnings(query);
        var second = data.Warnings.GetHouseholdWarnings(query with { Page = 2 });
        var both = data.Warnings.GetHouseholdWarnings(query with { PageSize = 14 });
        Assert.Equal(14, both.Rows.Count);
        Assert.Equal(both.Rows.Select(r => r.HouseholdId), first.Rows.Concat(second.Rows).Select(r => r.HouseholdId));
        var changes = both.Rows.Where(r => r.IncomeChangePercent is not null).Select(r => r.IncomeChangePercent!.Value).ToList();
        Assert.Equal(changes.OrderDescending(), changes);
    }

    [Fact]
    public void GetHouseholdWarnings_BelowLineInCounty_OnlyThoseRowsCountedDirectly()
    {
        var code = (int)data.Query(
            """
            SELECT y.county_code FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year
            WHERE y.year = 2021 AND y.per_capita_net_income < ml.monitoring_line GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
            """).GetInt64s("county_code")[0];
        var page = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2021", County = code, Flag = "below_line", PageSize = 1000 });
        var expected = data.Scalar(
            "SELECT count(*) FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year WHERE y.year = 2021 AND y.county_code = $1 AND y.per_capita_net_income < ml.monitoring_line",
            code);
        Assert.Equal((long)expected!.Value, page.Total);
        Assert.All(page.Rows, r => Assert.True(r.BelowLine && r.CountyCode == code && r.Income < r.MonitoringLine));
    }

    [Fact]
    public void GetHouseholdWarnings_Rows_CarryMaskedPersonalDataOnly()
    {
        var page = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2023", PageSize = 50 });
        var raw = data.Query("SELECT household_id, head_name, head_id_number FROM households WHERE household_id = $1", page.Rows[0].HouseholdId);
        var row = page.Rows[0];
        Assert.Equal(PersonalDataMask.Name(raw.GetStrings("head_name")[0]), row.HeadNameMasked);
        Assert.NotEqual(raw.GetStrings("head_name")[0], row.HeadNameMasked);
        Assert.All(page.Rows, r =>
        {
            Assert.EndsWith("*", r.HeadNameMasked, StringComparison.Ordinal);
            Assert.Matches("^[0-9]{6}\\*{8}[0-9X]{4}$", r.HeadIdNumberMasked);
        });
    }

    [Fact]
    public void GetHouseholdWarnings_PagePastTheEnd_EmptyWithTotal()
    {
        var all = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2022", PageSize = 10 });
        var beyond = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2022", PageSize = 10, Page = 100_000 });
        Assert.Empty(beyond.Rows);
        Assert.Equal(all.Total, beyond.Total);
    }

    [Theory]
    [InlineData("income; DROP TABLE households")]
    [InlineData("head_name")]
    [InlineData("INCOME")]
    public void GetHouseholdWarnings_SortNotOnTheList_ThrowsNamingSort(string sort)
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Warnings.GetHouseholdWarnings(new WarningQuery { Sort = sort }));
        Assert.Equal("sort", error.ParamName);
        Assert.Contains("income_change", error.MessageEn, StringComparison.Ordinal);
        Assert.Equal(3_000, data.Scalar("SELECT count(*) FROM households"));
    }

    [Theory]
    [InlineData(0, 50, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 5000, "pageSize")]
    public void GetHouseholdWarnings_BadPaging_ThrowsNamingParameter(int page, int pageSize, string parameter)
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Warnings.GetHouseholdWarnings(new WarningQuery { Page = page, PageSize = pageSize }));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void GetHouseholdWarnings_UnknownFlagOrPrefecture_ThrowsNamingParameter()
    {
        Assert.Equal("flag", Assert.Throws<MetricArgumentException>(() => data.Warnings.GetHouseholdWarnings(new WarningQuery { Flag = "poor" })).ParamName);
        Assert.Equal("prefecture", Assert.Throws<MetricArgumentException>(() => data.Warnings.GetHouseholdWarnings(new WarningQuery { Prefecture = 140150 })).ParamName);
        Assert.Equal("county", Assert.Throws<MetricArgumentException>(() => data.Warnings.GetCountyWarnings(new WarningQuery { County = 110101 })).ParamName);
    }

    [Fact]
    public void GetCountyWarnings_Default_ExactlyCountiesWithAKpiOffClassTarget_WorstFirst()
    {
        var page = data.Warnings.GetCountyWarnings(new WarningQuery { Period = "2022", PageSize = 200 });
        Assert.Equal("severity", page.Sort);
        Assert.True(page.Descending);
        string[] ids = [KpiIds.BelowLineShare, KpiIds.SharpDropShare, KpiIds.ReturnToPovertyRate, KpiIds.ProblemRectificationRate, KpiIds.GuaranteeRectificationRate];
        var statuses = ids.SelectMany(id => data.Kpis.GetCountyValues(id, "2022")).ToLookup(v => v.CountyCode, v => v.Status);
        var expected = statuses.Where(g => g.Any(s => s is KpiStatus.Amber or KpiStatus.Red)).Select(g => g.Key).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, page.Rows.Select(r => r.CountyCode).Order());
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(page.Rows.Select(r => r.Severity).OrderDescending(), page.Rows.Select(r => r.Severity));
        foreach (var row in page.Rows)
        {
            Assert.Equal(statuses[row.CountyCode].Count(s => s is KpiStatus.Amber or KpiStatus.Red), row.Flags);
            Assert.Equal(statuses[row.CountyCode].Max(), row.Severity);
        }
    }

    [Fact]
    public void GetCountyWarnings_SortByUnrectifiedProblems_DescendingAndPaged()
    {
        var first = data.Warnings.GetCountyWarnings(new WarningQuery { Period = "2022", Sort = "unrectified_problems", Descending = true, PageSize = 3 });
        Assert.Equal(3, first.Rows.Count);
        Assert.Equal(first.Rows.Select(r => r.UnrectifiedProblems).OrderDescending(), first.Rows.Select(r => r.UnrectifiedProblems));
        Assert.Equal("sort", Assert.Throws<MetricArgumentException>(() => data.Warnings.GetCountyWarnings(new WarningQuery { Sort = "income" })).ParamName);
    }

    [Fact]
    public async Task WriteHouseholdWarningsCsvAsync_WholeList_HeaderBomAndOneLinePerRow()
    {
        var query = new WarningQuery { Period = "2022", Sort = "household" };
        using var stream = new MemoryStream();
        var written = await data.Warnings.WriteHouseholdWarningsCsvAsync(query, stream, cancellationToken: TestContext.Current.CancellationToken);
        var bytes = stream.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("household_id,county_code,county_name,head_name_masked", lines[0], StringComparison.Ordinal);
        Assert.Equal(data.Warnings.GetHouseholdWarnings(query).Total, written);
        Assert.Equal(written + 1, lines.Length);
        var ids = lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public void GetHouseholdWarnings_SortRiskAfterUseHouseholdRisk_WholeListByProbabilityUnscoredLast()
    {
        // A service of its own over the shared aggregates, so the fixture's service stays without risk scores.
        var warnings = new EarlyWarningService(data.Kpis);
        var all = warnings.GetHouseholdWarnings(new WarningQuery { Period = "2020", PageSize = 1000 });
        Assert.True(all.Total is > 14 and < 1000);
        // Every fifth household unscored; the rest get a raw score unrelated to income or id order, and a calibrated
        // probability in four steps of it (ties, as isotonic calibration makes them).
        var scores = all.Rows.Where(r => r.HouseholdId % 5 != 0)
            .Select(r =>
            {
                var rawScore = (r.HouseholdId * 7919 % 1000) / 1000.0;
                return new HouseholdRiskScore(r.HouseholdId, r.CountyCode, 1, 2024, Math.Floor(rawScore * 4) / 4, 1, rawScore);
            })
            .ToList();
        warnings.UseHouseholdRisk(scores);
        var probability = scores.ToDictionary(s => s.HouseholdId, s => s.Probability);
        var raw = scores.ToDictionary(s => s.HouseholdId, s => s.RawScore);

        var query = new WarningQuery { Period = "2020", Sort = "risk", Descending = true, PageSize = 7 };
        var first = warnings.GetHouseholdWarnings(query);
        var second = warnings.GetHouseholdWarnings(query with { Page = 2 });
        var whole = warnings.GetHouseholdWarnings(query with { PageSize = 1000 });

        Assert.Equal("risk", first.Sort);
        Assert.Equal(whole.Rows.Take(14).Select(r => r.HouseholdId), first.Rows.Concat(second.Rows).Select(r => r.HouseholdId));
        var ranked = whole.Rows.Select(r => probability.TryGetValue(r.HouseholdId, out var p) ? p : (double?)null).ToList();
        Assert.Equal(scores.Max(s => s.Probability), ranked[0]);
        Assert.Equal(ranked.Where(p => p is not null).OrderDescending(), ranked.Where(p => p is not null));
        var rankedRaw = whole.Rows.Where(r => raw.ContainsKey(r.HouseholdId)).Select(r => raw[r.HouseholdId]).ToList();
        Assert.Equal(rankedRaw.OrderDescending(), rankedRaw);
        Assert.All(ranked.SkipWhile(p => p is not null), p => Assert.Null(p));
        Assert.Equal(all.Total, whole.Total);
    }

    [Fact]
    public void UseHouseholdRisk_TwoServices_EachRanksByItsOwnScoresUntilDropped()
    {
        // Services of their own over the shared aggregates, as a model refresh makes one per model load.
        var older = new EarlyWarningService(data.Kpis);
        var newer = new EarlyWarningService(data.Kpis);
        var query = new WarningQuery { Period = "2020", Sort = "risk", Descending = true, PageSize = 1000 };
        var ids = older.GetHouseholdWarnings(query).Rows.Select(r => r.HouseholdId).ToList();
        Assert.True(ids.Count > 2);
        older.UseHouseholdRisk([.. ids.Select(id => new HouseholdRiskScore(id, 0, 1, 2024, 0.5, 1, id))]);
        newer.UseHouseholdRisk([.. ids.Select(id => new HouseholdRiskScore(id, 0, 1, 2024, 0.5, 1, -id))]);

        var byOlder = older.GetHouseholdWarnings(query).Rows.Select(r => r.HouseholdId).ToList();
        var byNewer = newer.GetHouseholdWarnings(query).Rows.Select(r => r.HouseholdId).ToList();
        older.DropHouseholdRisk();
        var afterDrop = older.GetHouseholdWarnings(query).Rows.Select(r => r.HouseholdId).ToList();

        Assert.Equal(ids.OrderDescending(), byOlder);
        Assert.Equal(ids.Order(), byNewer);
        // Unscored: household id order; the newer service's ranking is untouched.
        Assert.Equal(ids.Order(), afterDrop);
        Assert.Equal(ids.Order(), newer.GetHouseholdWarnings(query).Rows.Select(r => r.HouseholdId));
        newer.DropHouseholdRisk();
    }

    [Fact]
    public void GetHouseholdWarnings_SortRiskWithoutScores_AcceptedInHouseholdIdOrder()
    {
        var page = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2020", Sort = "risk", Descending = true, PageSize = 10 });

        Assert.Equal(10, page.Rows.Count);
        Assert.Equal(page.Rows.Select(r => r.HouseholdId).Order(), page.Rows.Select(r => r.HouseholdId));
        Assert.All(page.Rows, r => Assert.Null(r.RiskProbability));
    }

    [Fact]
    public async Task WriteHouseholdWarningsCsvAsync_WithRisk_RiskColumnsFromTheCallback()
    {
        var query = new WarningQuery { Period = "2022", Sort = "household" };
        var factor = new RiskFactor("income_margin", "收入高于监测线的幅度", "income margin", 120, 0.4);
        using var stream = new MemoryStream();

        var written = await data.Warnings.WriteHouseholdWarningsCsvAsync(
            query,
            stream,
            rows => [.. rows.Select(r => r.HouseholdId % 2 == 0 ? r with { RiskProbability = 0.125, RiskFactors = [factor] } : r)],
            TestContext.Current.CancellationToken);

        var lines = Encoding.UTF8.GetString(stream.ToArray()[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",guarantee_gap,risk_probability,risk_factor_1,risk_factor_2,risk_factor_3", lines[0], StringComparison.Ordinal);
        Assert.Equal(written + 1, lines.Length);
        Assert.All(lines.Skip(1), line =>
        {
            var cells = line.Split(',');
            var even = long.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0;
            Assert.Equal(even ? ["0.125", "收入高于监测线的幅度", "", ""] : ["", "", "", ""], cells[^4..]);
        });
    }
}
