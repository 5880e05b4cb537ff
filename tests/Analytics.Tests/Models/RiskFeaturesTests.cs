using System.Globalization;
using System.Text;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class RiskFeaturesTests(ModelFixture fixture)
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public void Load_WithoutLabels_SameRowsAndFeaturesAsWithLabelsBitForBit(int yearsBeforeLast, int span)
    {
        var last = fixture.Data.LastYear - yearsBeforeLast;
        var first = last - span + 1;

        var labelled = RiskFeatures.Load(fixture.Data, first, last);
        var scoring = RiskFeatures.Load(fixture.Data, first, last, labels: false);

        Assert.True(scoring.Rows > 1_000, $"{scoring.Rows} rows");
        Assert.Equal(labelled.HouseholdIds, scoring.HouseholdIds);
        Assert.Equal(labelled.CutoffYears, scoring.CutoffYears);
        Assert.Equal(labelled.CountyCodes, scoring.CountyCodes);
        Assert.Equal(labelled.CountyClasses, scoring.CountyClasses);
        Assert.Equal(labelled.SampleWeights, scoring.SampleWeights);
        Assert.Equal(
            Array.ConvertAll(labelled.Features, BitConverter.SingleToInt32Bits),
            Array.ConvertAll(scoring.Features, BitConverter.SingleToInt32Bits));
        Assert.All(scoring.Labels, label => Assert.True(float.IsNaN(label)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 4)]
    public void Load_LagJoins_SameRowsFeaturesAndLabelsAsTheFormerWindowQueryBitForBit(int yearsBeforeLast, int span)
    {
        var last = fixture.Data.LastYear - yearsBeforeLast;
        var first = last - span + 1;
        var builder = new RiskFrameBuilder();
        fixture.Data.Read(WindowSql(fixture.Data, first, last), builder.Append);
        var former = builder.Build().WithMissingCoded();

        var frame = RiskFeatures.Load(fixture.Data, first, last);

        Assert.True(frame.Rows > 1_000, $"{frame.Rows} rows");
        Assert.Contains(RiskFeatures.Missing, frame.Features);
        Assert.Equal(former.HouseholdIds, frame.HouseholdIds);
        Assert.Equal(former.CutoffYears, frame.CutoffYears);
        Assert.Equal(former.SampleWeights, frame.SampleWeights);
        Assert.Equal(Array.ConvertAll(former.Labels, BitConverter.SingleToInt32Bits), Array.ConvertAll(frame.Labels, BitConverter.SingleToInt32Bits));
        Assert.Equal(
            Array.ConvertAll(former.Features, BitConverter.SingleToInt32Bits),
            Array.ConvertAll(frame.Features, BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Load_WithLabels_EarlierCutoffsHaveLabels()
    {
        var cutoff = fixture.Data.LastYear - 1;

        var frame = RiskFeatures.Load(fixture.Data, cutoff, cutoff);

        Assert.DoesNotContain(frame.Labels, float.IsNaN);
        Assert.Contains(1f, frame.Labels);
    }

    /// <summary>
    /// The feature query as it was before the look-backs became joins: one window over every household-year from three
    /// years before the first cutoff, with lags of the household's previous records and a lead for the label.
    /// </summary>
    private static string WindowSql(ModelDataSource data, int firstCutoff, int lastCutoff)
    {
        var select = new StringBuilder();
        foreach (var feature in RiskFeatures.All)
        {
            select.Append(CultureInfo.InvariantCulture, $",\n    CAST({feature.Sql} AS FLOAT) AS {feature.Name}");
        }

        return $"""
            WITH lines AS (
                SELECT CAST(year AS INTEGER) AS year, monitoring_line, simulation_line FROM {data.Table("monitoring_lines")}
            ),
            hy AS (
                SELECT household_id, CAST(year AS INTEGER) AS year, county_code, poverty_status,
                       per_capita_net_income AS income, per_capita_wage_income AS wage,
                       per_capita_business_income AS business, per_capita_transfer_income AS transfer,
                       unavoidable_expense, labour_in_work, risk_cause_mask, monitoring_status,
                       newly_identified, assistance_mask,
                       CAST(NOT food_clothing_secure AS INTEGER) + CAST(NOT compulsory_education_secure AS INTEGER)
                         + CAST(NOT basic_medical_secure AS INTEGER) + CAST(NOT housing_secure AS INTEGER)
                         + CAST(NOT drinking_water_secure AS INTEGER) AS guarantee_gaps
                FROM {data.Table("household_years")}
                WHERE year >= {firstCutoff - 3} AND year <= {lastCutoff + 1}
            ),
            m AS (
                SELECT hy.*, l.monitoring_line, ln(greatest(hy.income, 1)) AS log_income, ln(greatest(hy.income, 1) / l.simulation_line) AS margin
                FROM hy JOIN lines l USING (year)
            ),
            f AS (
                SELECT m.*,
                       log_income - lag(log_income) OVER w AS growth,
                       list_stddev_samp([
                           log_income - lag(log_income) OVER w,
                           lag(log_income) OVER w - lag(log_income, 2) OVER w,
                           lag(log_income, 2) OVER w - lag(log_income, 3) OVER w]) AS volatility,
                       list_min([margin, lag(margin) OVER w, lag(margin, 2) OVER w]) AS min_margin_3y,
                       lead(year) OVER w AS next_year,
                       lead(income) OVER w AS next_income,
                       lead(newly_identified) OVER w AS next_identified
                FROM m
                WINDOW w AS (PARTITION BY household_id ORDER BY year)
            ),
            k AS (
                SELECT ci.county_code, CAST(ci.year AS INTEGER) AS year, c.county_class, c.former_poverty_status,
                       ln(ci.rural_income_per_capita) - ln(avg(ci.rural_income_per_capita) OVER (PARTITION BY ci.year)) AS county_income_rel,
                       ln(ci.rural_income_per_capita) - ln(lag(ci.rural_income_per_capita) OVER (PARTITION BY ci.county_code ORDER BY ci.year)) AS county_income_growth,
                       sum(CAST(ci.disaster_level > 0 AS INTEGER)) OVER (PARTITION BY ci.county_code ORDER BY ci.year ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS county_disasters_3y
                FROM {data.Table("county_indicators")} ci JOIN {data.Table("counties")} c USING (county_code)
            )
            SELECT CAST(f.household_id AS BIGINT) AS household_id, f.year AS cutoff_year, CAST(f.county_code AS INTEGER) AS county_code,
                   CAST(k.county_class AS INTEGER) AS county_class, CAST(h.sample_weight AS DOUBLE) AS sample_weight,
                   CASE WHEN f.next_year = f.year + 1 AND nl.monitoring_line IS NOT NULL
                        THEN CAST(f.next_identified OR f.next_income < nl.monitoring_line AS FLOAT) END AS label{select}
            FROM f
            JOIN {data.Table("households")} h USING (household_id)
            JOIN k ON k.county_code = f.county_code AND k.year = f.year
            LEFT JOIN lines nl ON nl.year = f.year + 1
            WHERE f.poverty_status <> 1 AND f.monitoring_line IS NOT NULL
              AND f.year BETWEEN {firstCutoff} AND {lastCutoff}
            """;
    }
}
