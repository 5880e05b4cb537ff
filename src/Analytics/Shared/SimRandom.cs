namespace RevivalAnalytics;

/// <summary>
/// xoshiro256** seeded through SplitMix64. A value type so each household carries its own stream
/// without allocation; streams are derived from (seed, stream, index) so a household's draws do not
/// depend on batch size, thread count or the order batches run in.
/// </summary>
internal struct SimRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpare;

    private SimRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix(ref sm);
        _s1 = SplitMix(ref sm);
        _s2 = SplitMix(ref sm);
        _s3 = SplitMix(ref sm);
        _spareNormal = 0;
        _hasSpare = false;
    }

    public static SimRandom ForStream(long seed, ulong stream, long index)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ (stream * 0xBF58476D1CE4E5B9UL);
        x ^= unchecked((ulong)index * 0x94D049BB133111EBUL + 0x2545F4914F6CDD1DUL);
        var sm = x;
        return new SimRandom(SplitMix(ref sm) ^ SplitMix(ref sm));
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, exclusiveMax).</summary>
    public int Next(int exclusiveMax) => (int)((NextUInt64() >> 33) * (ulong)exclusiveMax >> 31);

    public int Next(int inclusiveMin, int exclusiveMax) => inclusiveMin + Next(exclusiveMax - inclusiveMin);

    public bool Chance(double probability) => NextDouble() < probability;

    public double Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        double u;
        double v;
        double s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    public int Binomial(int trials, double probability)
    {
        var count = 0;
        for (var i = 0; i < trials; i++)
        {
            if (NextDouble() < probability)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Index drawn from a cumulative weight table (last entry = total).</summary>
    public int Pick(double[] cumulative)
    {
        var target = NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, cumulative.Length - 1);
    }
}
