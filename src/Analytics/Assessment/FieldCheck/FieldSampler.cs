namespace RevivalAnalytics.Assessment;

/// <summary>A household of a county's sampling frame: its village, stratum and which questions apply.</summary>
internal readonly record struct FrameHousehold(long HouseholdId, long VillageCode, FieldStratum Stratum, bool AskExit, bool AskMissed);

/// <summary>A county's sampling frame: the households of the data with their stratum at the end of the year.</summary>
/// <param name="CountyCode">County.</param>
/// <param name="Year">Year.</param>
/// <param name="Households">Households, ordered by id.</param>
/// <param name="VillageNames">Village names by code.</param>
internal sealed record FieldFrame(int CountyCode, int Year, FrameHousehold[] Households, IReadOnlyDictionary<long, string> VillageNames)
{
    /// <summary>The stratum and questions of a household from its contract fields.</summary>
    /// <param name="householdType">1 脱贫户, 2 一般农户.</param>
    /// <param name="labour">Labour count.</param>
    /// <param name="monitoringStatus">0 not monitored, 1 monitored, 2 risk eliminated, at year end.</param>
    public static (FieldStratum Stratum, bool AskExit, bool AskMissed) Classify(int householdType, int labour, int monitoringStatus)
    {
        var stratum = monitoringStatus != 0 ? FieldStratum.Monitored
            : householdType == 1 ? (labour > 0 ? FieldStratum.AlleviatedWithLabour : FieldStratum.AlleviatedWithoutLabour)
            : FieldStratum.Ordinary;

        // Exited: a poverty-alleviated household whose exit stands, or one whose risk was eliminated.
        var askExit = (householdType == 1 && monitoringStatus == 0) || monitoringStatus == 2;
        return (stratum, askExit, monitoringStatus != 1);
    }
}

/// <summary>Draws the two-stage stratified sample of <see cref="FieldSample"/>.</summary>
internal static class FieldSampler
{
    // Keeps draws of different counties with the same seed independent, and apart from the generator's streams.
    private const ulong SampleStream = 0x5A3D_0001;

    // Enough villages that their households can fill the quotas with room to spare.
    private const double FillMargin = 1.5;

    public static FieldSample Draw(FieldFrame frame, FieldCheckQuota quota, long seed)
    {
        var byVillage = frame.Households.GroupBy(h => h.VillageCode).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var frameCounts = Enum.GetValues<FieldStratum>().ToDictionary(s => s, s => frame.Households.Count(h => h.Stratum == s));
        var villagesInFrame = byVillage.Length;
        if (villagesInFrame == 0)
        {
            return new FieldSample
            {
                CountyCode = frame.CountyCode, Year = frame.Year, Seed = seed, FrameVillages = 0,
                FrameHouseholds = frameCounts, Villages = [], Households = [],
            };
        }

        // The number of villages depends only on the frame's totals, never on the draw, so m/M is a fixed inclusion probability.
        var perVillage = (double)frame.Households.Length / villagesInFrame;
        var needed = (int)Math.Ceiling(FillMargin * quota.Households / perVillage);
        var m = Math.Min(villagesInFrame, Math.Max(quota.Villages, needed));

        var rng = SimRandom.ForStream(seed, SampleStream, frame.CountyCode);
        var order = Enumerable.Range(0, villagesInFrame).ToArray();
        for (var i = 0; i < m; i++)
        {
            var j = i + rng.Next(villagesInFrame - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var drawn = order.Take(m).Order().Select(i => byVillage[i]).ToArray();
        var probability = (double)m / villagesInFrame;
        var households = new List<SampledHousehold>();
        var take = new int[drawn.Length, 4];
        foreach (var stratum in Enum.GetValues<FieldStratum>())
        {
            var available = drawn.Select(v => v.Count(h => h.Stratum == stratum)).ToArray();
            var n = Math.Min(quota.For(stratum), available.Sum());
            var allocation = Allocate(n, available);
            for (var v = 0; v < drawn.Length; v++)
            {
                take[v, (int)stratum] = allocation[v];
            }
        }

        for (var v = 0; v < drawn.Length; v++)
        {
            foreach (var stratum in Enum.GetValues<FieldStratum>())
            {
                var pool = drawn[v].Where(h => h.Stratum == stratum).ToArray();
                var n = take[v, (int)stratum];
                for (var i = 0; i < n; i++)
                {
                    var j = i + rng.Next(pool.Length - i);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                }

                var weight = villagesInFrame / (double)m * pool.Length / Math.Max(1, n);
                households.AddRange(pool.Take(n).OrderBy(h => h.HouseholdId)
                    .Select(h => new SampledHousehold(h.HouseholdId, h.VillageCode, h.Stratum, weight, h.AskExit, h.AskMissed)));
            }
        }

        return new FieldSample
        {
            CountyCode = frame.CountyCode,
            Year = frame.Year,
            Seed = seed,
            FrameVillages = villagesInFrame,
            FrameHouseholds = frameCounts,
            Villages = drawn.Select(v => new SampledVillage(v[0].VillageCode, frame.VillageNames.GetValueOrDefault(v[0].VillageCode, string.Empty), v.Length, probability)).ToList(),
            Households = households,
        };
    }

    /// <summary>Splits <paramref name="n"/> across villages in proportion to <paramref name="available"/> by largest
    /// remainders; a share never exceeds what a village has.</summary>
    internal static int[] Allocate(int n, int[] available)
    {
        var total = available.Sum();
        var result = new int[available.Length];
        if (n <= 0 || total == 0)
        {
            return result;
        }

        var shares = available.Select(a => (double)n * a / total).ToArray();
        for (var i = 0; i < shares.Length; i++)
        {
            result[i] = (int)Math.Floor(shares[i] + 1e-9);
        }

        var left = n - result.Sum();
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => shares[i] - result[i]).ThenBy(i => i))
        {
            if (left == 0)
            {
                break;
            }

            if (result[i] < available[i])
            {
                result[i]++;
                left--;
            }
        }

        return result;
    }
}
