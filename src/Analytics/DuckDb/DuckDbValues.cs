using System.Globalization;

namespace RevivalAnalytics.DuckDb;

/// <summary>A DuckDB INTERVAL: months, days and microseconds are kept apart because a month has no fixed length.</summary>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days.</param>
/// <param name="Micros">Microseconds.</param>
public readonly record struct DuckDbInterval(int Months, int Days, long Micros)
{
    /// <summary>The days and microseconds as a TimeSpan; throws when the interval has months.</summary>
    /// <exception cref="InvalidOperationException">The interval has a month part.</exception>
    public TimeSpan ToTimeSpan() => Months == 0
        ? TimeSpan.FromDays(Days) + TimeSpan.FromTicks(Micros * 10)
        : throw new InvalidOperationException("含月份的时间间隔无法转为 TimeSpan / An interval with months has no fixed length.");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Months} months {Days} days {Micros} us");
}

/// <summary>A DuckDB TIME WITH TIME ZONE value.</summary>
/// <param name="Time">The local time of day.</param>
/// <param name="Offset">The offset from UTC.</param>
public readonly record struct DuckDbTimeTz(TimeOnly Time, TimeSpan Offset);
