namespace RevivalAnalytics.DuckDb;

/// <summary>DuckDB's logical type ids, as numbered by duckdb.h (v1.5).</summary>
public enum DuckDbTypeId
{
    /// <summary>DuckDB type INVALID.</summary>
    Invalid = 0,
    /// <summary>DuckDB type BOOLEAN.</summary>
    Boolean = 1,
    /// <summary>DuckDB type TINYINT.</summary>
    TinyInt = 2,
    /// <summary>DuckDB type SMALLINT.</summary>
    SmallInt = 3,
    /// <summary>DuckDB type INTEGER.</summary>
    Integer = 4,
    /// <summary>DuckDB type BIGINT.</summary>
    BigInt = 5,
    /// <summary>DuckDB type UTINYINT.</summary>
    UTinyInt = 6,
    /// <summary>DuckDB type USMALLINT.</summary>
    USmallInt = 7,
    /// <summary>DuckDB type UINTEGER.</summary>
    UInteger = 8,
    /// <summary>DuckDB type UBIGINT.</summary>
    UBigInt = 9,
    /// <summary>DuckDB type FLOAT.</summary>
    Float = 10,
    /// <summary>DuckDB type DOUBLE.</summary>
    Double = 11,
    /// <summary>DuckDB type TIMESTAMP.</summary>
    Timestamp = 12,
    /// <summary>DuckDB type DATE.</summary>
    Date = 13,
    /// <summary>DuckDB type TIME.</summary>
    Time = 14,
    /// <summary>DuckDB type INTERVAL.</summary>
    Interval = 15,
    /// <summary>DuckDB type HUGEINT.</summary>
    HugeInt = 16,
    /// <summary>DuckDB type VARCHAR.</summary>
    Varchar = 17,
    /// <summary>DuckDB type BLOB.</summary>
    Blob = 18,
    /// <summary>DuckDB type DECIMAL.</summary>
    Decimal = 19,
    /// <summary>DuckDB type TIMESTAMPS.</summary>
    TimestampS = 20,
    /// <summary>DuckDB type TIMESTAMPMS.</summary>
    TimestampMs = 21,
    /// <summary>DuckDB type TIMESTAMPNS.</summary>
    TimestampNs = 22,
    /// <summary>DuckDB type ENUM.</summary>
    Enum = 23,
    /// <summary>DuckDB type LIST.</summary>
    List = 24,
    /// <summary>DuckDB type STRUCT.</summary>
    Struct = 25,
    /// <summary>DuckDB type MAP.</summary>
    Map = 26,
    /// <summary>DuckDB type UUID.</summary>
    Uuid = 27,
    /// <summary>DuckDB type UNION.</summary>
    Union = 28,
    /// <summary>DuckDB type BIT.</summary>
    Bit = 29,
    /// <summary>DuckDB type TIMETZ.</summary>
    TimeTz = 30,
    /// <summary>DuckDB type TIMESTAMPTZ.</summary>
    TimestampTz = 31,
    /// <summary>DuckDB type UHUGEINT.</summary>
    UHugeInt = 32,
    /// <summary>DuckDB type ARRAY.</summary>
    Array = 33,
    /// <summary>DuckDB type ANY.</summary>
    Any = 34,
    /// <summary>DuckDB type BIGNUM.</summary>
    BigNum = 35,
    /// <summary>DuckDB type SQLNULL.</summary>
    SqlNull = 36,
    /// <summary>DuckDB type STRINGLITERAL.</summary>
    StringLiteral = 37,
    /// <summary>DuckDB type INTEGERLITERAL.</summary>
    IntegerLiteral = 38,
    /// <summary>DuckDB type TIMENS.</summary>
    TimeNs = 39,
}
