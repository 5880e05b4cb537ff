using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

/// <summary>SQL literals DuckDB evaluates, and the CLR value our reader must produce for each.</summary>
public static class DuckDbTypeTestData
{
    public static TheoryData<string, string, object> Scalars => new()
    {
        { "BOOLEAN", "true", true },
        { "TINYINT", "-128", (sbyte)-128 },
        { "SMALLINT", "-32768", (short)-32768 },
        { "INTEGER", "2147483647", 2147483647 },
        { "BIGINT", "-9223372036854775808", long.MinValue },
        { "UTINYINT", "255", (byte)255 },
        { "USMALLINT", "65535", (ushort)65535 },
        { "UINTEGER", "4294967295", 4294967295u },
        { "UBIGINT", "18446744073709551615", ulong.MaxValue },
        { "HUGEINT", "-170141183460469231731687303715884105728", Int128.MinValue },
        { "HUGEINT", "12345678901234567890123", Int128.Parse("12345678901234567890123", System.Globalization.CultureInfo.InvariantCulture) },
        { "UHUGEINT", "340282366920938463463374607431768211455", UInt128.MaxValue },
        { "FLOAT", "1.5", 1.5f },
        { "DOUBLE", "-2.25e300", -2.25e300 },
        { "DECIMAL(4,1)", "-123.4", -123.4m },
        { "DECIMAL(9,3)", "123456.789", 123456.789m },
        { "DECIMAL(18,2)", "-1234567890123456.78", -1234567890123456.78m },
        { "DECIMAL(38,10)", "1234567890123456.7890123456", 1234567890123456.7890123456m },
        { "VARCHAR", "'短'", "短" },
        { "VARCHAR", "'乡村振兴局巩固拓展脱贫攻坚成果同乡村振兴有效衔接'", "乡村振兴局巩固拓展脱贫攻坚成果同乡村振兴有效衔接" },
        { "VARCHAR", "''", "" },
        { "BLOB", "'\\xAA\\x00\\xFF'::BLOB", new byte[] { 0xAA, 0x00, 0xFF } },
        { "DATE", "'2021-02-25'", new DateOnly(2021, 2, 25) },
        { "DATE", "'1900-01-01'", new DateOnly(1900, 1, 1) },
        { "TIME", "'23:59:59.123456'", new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(1234560)) },
        { "TIMESTAMP", "'2023-12-31 08:30:00.123456'", new DateTime(2023, 12, 31, 8, 30, 0).AddTicks(1234560) },
        { "TIMESTAMP_S", "'2023-12-31 08:30:05'", new DateTime(2023, 12, 31, 8, 30, 5) },
        { "TIMESTAMP_MS", "'2023-12-31 08:30:05.123'", new DateTime(2023, 12, 31, 8, 30, 5, 123) },
        { "TIMESTAMP_NS", "'2023-12-31 08:30:05.1234567'", new DateTime(2023, 12, 31, 8, 30, 5).AddTicks(1234567) },
        { "TIMESTAMPTZ", "'2023-12-31 08:30:00+00'", new DateTimeOffset(2023, 12, 31, 8, 30, 0, TimeSpan.Zero) },
        { "INTERVAL", "INTERVAL '1 year 2 months 3 days 04:05:06'", new DuckDbInterval(14, 3, ((4 * 3600) + (5 * 60) + 6) * 1_000_000L) },
        { "UUID", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11") },
        { "UUID", "'00000000-0000-0000-0000-000000000001'", Guid.Parse("00000000-0000-0000-0000-000000000001") },
        { "TIMETZ", "'12:34:56+05:30'", new DuckDbTimeTz(new TimeOnly(12, 34, 56), TimeSpan.FromMinutes(330)) },
    };
}
