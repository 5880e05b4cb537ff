using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Generation;

public sealed class ProvinceTablesTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, ColumnTable>> s_tables = new(() =>
        new DemoDataGenerator(new GeneratorOptions { Households = 100, Seed = 11 }).GenerateProvinceTables().ToDictionary(t => t.Name));

    private static ColumnTable Counties => s_tables.Value[TableNames.Counties];

    private static ColumnTable Indicators => s_tables.Value[TableNames.CountyIndicators];

    public static TheoryData<int, double> PublishedRuralIncome => new()
    {
        { 2016, 10_082 },
        { 2020, 13_878 },
        { 2021, 15_308 },
        { 2022, 16_323 },
        { 2023, 17_677 },
    };

    public static TheoryData<int, string, double> PublishedComponents => new()
    {
        { 2021, "rural_wage_income", 6_860 },
        { 2021, "rural_business_income", 3_959 },
        { 2021, "rural_property_income", 216 },
        { 2021, "rural_transfer_income", 4_274 },
        { 2023, "rural_wage_income", 7_875 },
        { 2023, "rural_business_income", 4_676 },
        { 2023, "rural_property_income", 256 },
        { 2023, "rural_transfer_income", 4_869 },
    };

    public static TheoryData<int, double> PublishedPovertyAreaIncome => new()
    {
        { 2017, 7_330 },
        { 2018, 8_250 },
        { 2021, 11_666 },
    };

    [Theory]
    [MemberData(nameof(PublishedRuralIncome))]
    public void CountyIndicators_ProvinceRuralIncome_WithinOnePercentOfPublished(int year, double published)
    {
        var achieved = WeightedMean("rural_income_per_capita", year, _ => true);

        Assert.InRange(achieved, published * 0.99, published * 1.01);
    }

    [Fact]
    public void CountyIndicators_Growth2021_WithinOnePercentOfPublished()
    {
        var growth = WeightedMean("rural_income_per_capita", 2021, _ => true) / WeightedMean("rural_income_per_capita", 2020, _ => true) - 1;

        Assert.InRange(growth, 0.103 - 0.01, 0.103 + 0.01);
    }

    [Theory]
    [MemberData(nameof(PublishedComponents))]
    public void CountyIndicators_ProvinceComponents_WithinOnePercentOfPublished(int year, string column, double published)
    {
        var achieved = WeightedMean(column, year, _ => true);

        Assert.InRange(achieved, published * 0.99, published * 1.01);
    }

    [Theory]
    [MemberData(nameof(PublishedPovertyAreaIncome))]
    public void CountyIndicators_PovertyAreaIncome_WithinOnePercentOfPublished(int year, double published)
    {
        var status = Counties.Get<sbyte>("former_poverty_status");
        var achieved = WeightedMean("rural_income_per_capita", year, i => status[i] != FormerPovertyStatus.None);

        Assert.InRange(achieved, published * 0.99, published * 1.01);
    }

    [Fact]
    public void CountyIndicators_LabourInWork2021_WithinOnePercentOfPublished()
    {
        var total = Sum<int>("poverty_alleviated_labour_employed", 2021);

        Assert.InRange(total, 951_100 * 0.99, 951_100 * 1.01);
    }

    [Fact]
    public void CountyIndicators_LinkageFunds2021_MatchIndustryAmountAndShare()
    {
        var funds = Sum<long?>("linkage_funds", 2021);
        var industry = Sum<long?>("linkage_funds_industry", 2021);

        Assert.InRange(industry, 6_055_000_000 * 0.99, 6_055_000_000 * 1.01);
        Assert.InRange(industry / funds, 0.567 - 0.005, 0.567 + 0.005);
    }

    [Fact]
    public void CountyIndicators_Problems2021_MatchPublishedCounts()
    {
        Assert.Equal(14_036, Sum<int?>("problems_found", 2021));
        Assert.Equal(13_978, Sum<int?>("problems_rectified", 2021));
    }

    [Fact]
    public void CountyIndicators_FundsBefore2021_AreNull()
    {
        var years = Indicators.Get<short>("year");
        var funds = Indicators.Get<long?>("linkage_funds");

        Assert.All(Enumerable.Range(0, Indicators.RowCount).Where(r => years[r] < 2021), r => Assert.Null(funds[r]));
    }

    [Fact]
    public void Counties_Reference_Has117UnitsAnd46KeyAssistanceFromFormerPovertyCounties()
    {
        var classes = Counties.Get<sbyte>("county_class");
        var status = Counties.Get<sbyte>("former_poverty_status");

        Assert.Equal(117, Counties.RowCount);
        Assert.Equal(117, Counties.Get<int>("county_code").Distinct().Count());
        Assert.Equal(36, status.Count(s => s == FormerPovertyStatus.National));
        Assert.Equal(22, status.Count(s => s == FormerPovertyStatus.Provincial));
        Assert.Equal(46, classes.Count(c => c == (sbyte)CountyClass.KeyAssistance));
        Assert.All(Enumerable.Range(0, 117).Where(i => classes[i] == (sbyte)CountyClass.KeyAssistance),
            i => Assert.NotEqual(FormerPovertyStatus.None, status[i]));
        Assert.Equal(11, Counties.Get<int>("prefecture_code").Distinct().Count());
    }

    [Fact]
    public void Counties_ClassOverride_WinsAndIsMarkedOfficial()
    {
        // 140105 小店区 is a pilot in the illustrative assignment.
        var overridden = new DemoDataGenerator(new GeneratorOptions
        {
            Households = 10,
            CountyClassOverrides = new Dictionary<int, CountyClass> { [140105] = CountyClass.KeyAssistance },
        }).GenerateProvinceTables()[0];
        var row = Array.IndexOf(overridden.Get<int>("county_code"), 140105);

        Assert.Equal((sbyte)CountyClass.KeyAssistance, overridden.Get<sbyte>("county_class")[row]);
        Assert.Equal(ClassSource.Official, overridden.Get<sbyte>("class_source")[row]);
        Assert.Equal(ClassSource.Illustrative, overridden.Get<sbyte>("class_source")[row + 1]);
    }

    [Theory]
    [InlineData(2016)]
    [InlineData(2021)]
    [InlineData(2025)]
    public void CountyIndicators_ClassIncome_PilotAboveOverallAboveKey(int year)
    {
        var classes = Counties.Get<sbyte>("county_class");
        var pilot = WeightedMean("rural_income_per_capita", year, i => classes[i] == (sbyte)CountyClass.Pilot);
        var overall = WeightedMean("rural_income_per_capita", year, i => classes[i] == (sbyte)CountyClass.Overall);
        var key = WeightedMean("rural_income_per_capita", year, i => classes[i] == (sbyte)CountyClass.KeyAssistance);

        Assert.True(pilot > overall * 1.05, $"pilot {pilot:F0} overall {overall:F0}");
        Assert.True(overall > key * 1.05, $"overall {overall:F0} key {key:F0}");
    }

    [Fact]
    public void CountyIndicators_ComponentsSumToIncome()
    {
        var total = Indicators.Get<double>("rural_income_per_capita");
        var parts = new[] { "rural_wage_income", "rural_business_income", "rural_property_income", "rural_transfer_income" }
            .Select(Indicators.Get<double>).ToArray();

        Assert.All(Enumerable.Range(0, Indicators.RowCount), r => Assert.InRange(parts.Sum(p => p[r]) - total[r], -0.05, 0.05));
    }

    [Fact]
    public void MonitoringLines_2021_IsSixThousandAndNullBefore2020()
    {
        var lines = s_tables.Value[TableNames.MonitoringLines];
        var years = lines.Get<short>("year");
        var line = lines.Get<double?>("monitoring_line");

        Assert.Equal(6_000, line[Array.IndexOf(years, (short)2021)]);
        Assert.Null(line[Array.IndexOf(years, (short)2019)]);
        Assert.True(line[Array.IndexOf(years, (short)2025)] > line[Array.IndexOf(years, (short)2022)]);
    }

    [Fact]
    public void Villages_CodesUniqueAndInsideTheirCounty()
    {
        var villages = s_tables.Value[TableNames.Villages];
        var codes = villages.Get<long>("village_code");
        var counties = villages.Get<int>("county_code");

        Assert.Equal(villages.RowCount, codes.Distinct().Count());
        Assert.All(Enumerable.Range(0, villages.RowCount), r => Assert.Equal(counties[r], codes[r] / 1_000_000));
    }

    private static double WeightedMean(string column, int year, Func<int, bool> countyFilter)
    {
        var codes = Counties.Get<int>("county_code");
        var population = Counties.Get<int>("rural_population");
        var indicatorCodes = Indicators.Get<int>("county_code");
        var years = Indicators.Get<short>("year");
        var values = Indicators.Get<double>(column);
        double sum = 0, weight = 0;
        for (var r = 0; r < Indicators.RowCount; r++)
        {
            var county = Array.IndexOf(codes, indicatorCodes[r]);
            if (years[r] == year && countyFilter(county))
            {
                sum += values[r] * population[county];
                weight += population[county];
            }
        }

        return sum / weight;
    }

    private static double Sum<T>(string column, int year)
    {
        var years = Indicators.Get<short>("year");
        var values = Indicators.Get<T>(column);
        double sum = 0;
        for (var r = 0; r < Indicators.RowCount; r++)
        {
            if (years[r] == year)
            {
                sum += Convert.ToDouble(values[r]);
            }
        }

        return sum;
    }
}
