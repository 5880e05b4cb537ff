using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

public sealed class GroupGrowthTests
{
    // Forty counties in one peer group: a fixed level each, no drift, and yearly noise, like the generator's counties
    // around their calibration group; the peers grow 10% then 5% a year.
    private static IncomePanel NoisyLevels(int years, out double[,] noise)
    {
        const int counties = 40;
        var random = new Random(17);
        noise = new double[counties, years];
        var income = new double[counties, years];
        for (var k = 0; k < counties; k++)
        {
            var level = 0.1 * ((k % 7) - 3);
            for (var y = 0; y < years; y++)
            {
                noise[k, y] = 0.012 * ((random.NextDouble() * 2) - 1) * Math.Sqrt(3);
                var peers = y < 4 ? 0.10 * y : (0.10 * 3) + (0.05 * (y - 3));
                income[k, y] = 10_000 * Math.Exp(peers + level + noise[k, y]);
            }
        }

        return new IncomePanel
        {
            CountyCodes = [.. Enumerable.Range(140_001, counties)],
            Classes = [.. Enumerable.Repeat(3, counties)],
            PovertyStatus = [.. Enumerable.Repeat(1, counties)],
            FirstYear = 2016,
            Income = income,
        };
    }

    [Fact]
    public void TrendAnchor_NoDrift_RemovesMostOfTheOriginNoise()
    {
        var panel = NoisyLevels(8, out var noise);
        var groups = new GroupGrowth(panel);
        const int origin = 2023;

        // Without a departure the forecast keeps the origin's noise; the anchor should move the county back toward its
        // level, so the error of (origin noise + anchor·h) is well below the origin noise itself.
        double before = 0;
        double after = 0;
        for (var k = 0; k < panel.Counties; k++)
        {
            var originNoise = noise[k, origin - 2016] - Enumerable.Range(0, panel.Counties).Average(j => noise[j, origin - 2016]);
            before += originNoise * originNoise;
            var left = originNoise + groups.TrendAnchor(k, origin, 2) * 2;
            after += left * left;
        }

        Assert.True(after < 0.6 * before, $"before {before:G4}, after {after:G4}");
    }

    [Fact]
    public void PeerBaseGrowth_FewScoredOrigins_CarriesLastYearsGrowth()
    {
        var panel = NoisyLevels(7, out _);
        var groups = new GroupGrowth(panel);
        var peer = IncomePanel.Peer(panel, 0);

        // At 2022, three years ahead, only the origin 2019 can be scored: too few to leave last year's growth.
        Assert.Equal(groups.PeerTrendGrowth(peer, 2022, 1), groups.PeerBaseGrowth(peer, 2022, 3), 12);
    }

    [Fact]
    public void HorizonFactor_RandomWalkGrowth_AddsUpAsSumOfSquares()
    {
        Assert.Equal(1, GroupGrowth.HorizonFactor(1), 12);
        Assert.Equal(Math.Sqrt(5), GroupGrowth.HorizonFactor(2), 12);
        Assert.Equal(Math.Sqrt(14), GroupGrowth.HorizonFactor(3), 12);
    }
}
