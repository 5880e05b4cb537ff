using System.Text.Json;
using RevivalAnalytics.Models;
using Xunit;

namespace RevivalAnalytics.Tests.Models;

public sealed class RiskFactorTests
{
    [Fact]
    public void Serialize_MissingValue_NullInsteadOfFailing()
    {
        var json = JsonSerializer.Serialize(new RiskFactor("income_trend", "收入较上年变化", "income change", double.NaN, 0.25));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("Value").ValueKind);
        Assert.Equal(0.25, document.RootElement.GetProperty("Contribution").GetDouble());
    }

    [Fact]
    public void Serialize_Value_RoundTrips()
    {
        var factor = new RiskFactor("labour_count", "劳动力人数", "labourers", 2, 0.1);

        var back = JsonSerializer.Deserialize<RiskFactor>(JsonSerializer.Serialize(factor));

        Assert.Equal(factor, back);
    }
}
