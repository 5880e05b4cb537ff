namespace RevivalAnalytics.Models;

/// <summary>County rural per-capita disposable income by year, with class and former-poverty status, as arrays.</summary>
internal sealed class IncomePanel
{
    /// <summary>What the income model reads (stored as its "features"): the counties' income history and their peer group.</summary>
    public static IReadOnlyList<string> InputNames { get; } = ["rural_income_per_capita", "county_class", "former_poverty_status"];

    public required int[] CountyCodes { get; init; }

    public required int[] Classes { get; init; }

    public required int[] PovertyStatus { get; init; }

    public required int FirstYear { get; init; }

    /// <summary>Income[county, year − FirstYear]; NaN where missing.</summary>
    public required double[,] Income { get; init; }

    public int Counties => CountyCodes.Length;

    public int Years => Income.GetLength(1);

    public int LastYear => FirstYear + Years - 1;

    public static IncomePanel Load(ModelDataSource data)
    {
        var columns = data.Query($"""
            SELECT ci.county_code, CAST(ci.year AS INTEGER) AS year, ci.rural_income_per_capita AS income,
                   c.county_class, c.former_poverty_status
            FROM {data.Table("county_indicators")} ci JOIN {data.Table("counties")} c USING (county_code)
            ORDER BY ci.county_code, year
            """);
        var codes = columns.GetInt64s("county_code");
        var years = columns.GetInt64s("year");
        var income = columns.GetDoubles("income");
        var classes = columns.GetInt64s("county_class");
        var poverty = columns.GetInt64s("former_poverty_status");
        if (codes.Length == 0)
        {
            throw new ModelException(ModelErrorKind.DataMissing, $"数据 {data.Location} 的 county_indicators 为空。Table county_indicators in {data.Location} is empty.");
        }

        var countyCodes = codes.Distinct().Order().Select(c => (int)c).ToArray();
        var index = countyCodes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var first = (int)years.Min();
        var last = (int)years.Max();
        var matrix = new double[countyCodes.Length, last - first + 1];
        for (var k = 0; k < countyCodes.Length; k++)
        {
            for (var y = 0; y <= last - first; y++)
            {
                matrix[k, y] = double.NaN;
            }
        }

        var classOf = new int[countyCodes.Length];
        var povertyOf = new int[countyCodes.Length];
        for (var r = 0; r < codes.Length; r++)
        {
            var k = index[(int)codes[r]];
            matrix[k, (int)years[r] - first] = income[r];
            classOf[k] = (int)classes[r];
            povertyOf[k] = (int)poverty[r];
        }

        return new IncomePanel { CountyCodes = countyCodes, Classes = classOf, PovertyStatus = povertyOf, FirstYear = first, Income = matrix };
    }

    public double At(int county, int year) =>
        year < FirstYear || year > LastYear ? double.NaN : Income[county, year - FirstYear];

    public double Growth(int county, int year) => Math.Log(At(county, year) / At(county, year - 1));

    public static (int Class, int Poverty) Peer(IncomePanel panel, int k) => (panel.Classes[k], panel.PovertyStatus[k] == 0 ? 0 : 1);
}
