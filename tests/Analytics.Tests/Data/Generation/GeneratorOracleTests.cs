using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Models;
using RevivalAnalytics.Tests.Models;

namespace RevivalAnalytics.Tests.Data.Generation;

[Collection(ModelCollection.Name)]
public sealed class GeneratorOracleTests(ModelFixture fixture)
{
    [Fact]
    public void ForExport_GeneratedExport_RebuildsTheGeneratorSettings()
    {
        var oracle = GeneratorOracle.ForExport(fixture.ExportFolder);

        Assert.Equal(11, oracle.Options.Seed);
        Assert.Equal(8_000, oracle.Options.Households);
        Assert.Equal((2016, 2025), (oracle.Options.FirstYear, oracle.Options.LastYear));
    }

    [Fact]
    public void ForExport_ManifestWithoutGenerator_RefusedBilingually()
    {
        var folder = Path.Combine(fixture.Root, $"real-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "_manifest.json"), """{ "contract_version": "1.0", "first_year": 2016, "last_year": 2025 }""");

        var error = Assert.Throws<InvalidOperationException>(() => GeneratorOracle.ForExport(folder));

        Assert.Contains("没有已知真值", error.Message, StringComparison.Ordinal);
        Assert.Contains("no known truth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayedIncome_SampleOfHouseholds_EqualsTheExportedIncome()
    {
        var oracle = GeneratorOracle.ForExport(fixture.ExportFolder);
        var rows = fixture.Data.Query($"SELECT household_id, CAST(year AS INTEGER) AS year, per_capita_net_income FROM {fixture.Data.Table("household_years")} WHERE household_id % 397 = 0 AND year IN (2019, 2024)");
        var ids = rows.GetInt64s("household_id");
        var years = rows.GetInt64s("year");
        var incomes = rows.GetDoubles("per_capita_net_income");

        Assert.True(ids.Length > 30);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(incomes[i], oracle.ReplayedIncome(ids[i], (int)years[i]));
        }
    }

    [Fact]
    public void ReturnProbabilities_TestYear_CalibratedAndAheadOfTheModel()
    {
        var oracle = GeneratorOracle.ForExport(fixture.ExportFolder);
        var test = fixture.Risk.Evaluation.TestCutoff;

        var known = oracle.ReturnProbabilities(test, draws: 128, threads: ModelFixture.Threads);
        var atCutoff = oracle.ReturnProbabilities(test, draws: 128, provinceYearKnown: false, threads: ModelFixture.Threads);
        var withKnown = fixture.Risk.CompareWith(fixture.Data, id => known.Probabilities[(int)id - 1], ModelFixture.Threads);
        var withAtCutoff = fixture.Risk.CompareWith(fixture.Data, id => atCutoff.Probabilities[(int)id - 1], ModelFixture.Threads, id => atCutoff.StandardErrors[(int)id - 1]);

        // The generator's own probabilities are calibrated by construction: the expected count within a few standard
        // deviations (√Σp(1−p) ≈ 13) of the observed one.
        Assert.InRange(withKnown.Oracle.ExpectedPositives, withKnown.Oracle.Positives * 0.8, withKnown.Oracle.Positives * 1.2);
        Assert.InRange(withAtCutoff.Oracle.ExpectedPositives, withAtCutoff.Oracle.Positives * 0.8, withAtCutoff.Oracle.Positives * 1.2);
        Assert.True(withKnown.Oracle.RocAuc > withAtCutoff.Oracle.RocAuc, $"{withKnown.Oracle.RocAuc} vs {withAtCutoff.Oracle.RocAuc}");
        Assert.True(withKnown.AucGap > 0.02, $"gap {withKnown.AucGap}");
        Assert.Equal(withKnown.Model, withAtCutoff.Model);
        Assert.Equal([1, 2, 3], withKnown.ByClass.Select(c => c.CountyClass));

        // The stratified estimate's own noise moves the oracle's AUC less than which households happened to return
        // (the sampling error) does; without errors passed there is none to report.
        var u = withAtCutoff.Uncertainty;
        Assert.InRange(u.Oracle, 0.005, 0.06);
        Assert.InRange(u.OracleEstimate, 1e-6, u.Oracle / 2);
        Assert.InRange(u.Gap, 0.002, u.Model + u.Oracle);
        Assert.Equal(0, withKnown.Uncertainty.OracleEstimate);
    }

    [Fact]
    public void ExpectedIncome_EveryCountyYear_TheExportedIncomeWithoutItsYearlyNoise()
    {
        var oracle = GeneratorOracle.ForExport(fixture.ExportFolder);
        var rows = fixture.Data.Query($"SELECT CAST(county_code AS INTEGER) AS county_code, CAST(year AS INTEGER) AS year, rural_income_per_capita FROM {fixture.Data.Table("county_indicators")}");
        var codes = rows.GetInt64s("county_code");
        var years = rows.GetInt64s("year");
        var incomes = rows.GetDoubles("rural_income_per_capita");

        var noise = Enumerable.Range(0, codes.Length).Select(i => Math.Log(incomes[i] / oracle.ExpectedIncome((int)codes[i], (int)years[i]))).ToArray();
        var mean = noise.Average();
        var sd = Math.Sqrt(noise.Sum(n => (n - mean) * (n - mean)) / noise.Length);

        // docs/data-generator.md section 4: yearly county noise of s.d. 1.2% around level and drift.
        Assert.Equal(117 * 10, noise.Length);
        Assert.InRange(sd, 0.010, 0.014);
        Assert.InRange(mean, -0.003, 0.003);
        Assert.All(noise, n => Assert.InRange(n, -0.07, 0.07));
    }

    [Fact]
    public void CompareWith_BacktestAgainstTruePath_TruthErrIsTheYearlyNoise()
    {
        var oracle = GeneratorOracle.ForExport(fixture.ExportFolder);
        var backtest = IncomeForecastModel.RunBacktest(fixture.Data, cancellationToken: TestContext.Current.CancellationToken);

        var rows = IncomeForecastModel.CompareWith(backtest, oracle.ExpectedIncome);

        var all = rows.Single(r => r.CountyClass == 0 && r.Horizon == 0);
        Assert.Equal(backtest.Forecasts.Count, all.Forecasts);
        Assert.InRange(all.TruthMape, 0.8, 1.15);
        Assert.True(all.ModelMape > all.TruthMape && all.ModelToTruthMape > 0);
        Assert.Equal(16, rows.Count);
    }
}
