namespace RevivalAnalytics.Data.Import;

/// <summary>How the importer reads the contract's types (docs/data-contract.md, section 8): which Parquet types may fill a contract column.</summary>
internal static class ContractTypes
{
    /// <summary>
    /// Whether a column read as <paramref name="fileType"/> (DuckDB's name for the Parquet type) may fill a contract
    /// column of <paramref name="contractType"/>. Integers of any width are accepted for integer columns (writers
    /// such as pandas write INT64 everywhere); a value that does not fit the contract type is a row problem.
    /// </summary>
    public static TypeFit Fit(string contractType, string fileType)
    {
        if (fileType == contractType)
        {
            return TypeFit.Exact;
        }

        var fileRank = IntegerRank(fileType);
        var contractRank = IntegerRank(contractType);
        if (contractRank > 0 && fileRank > 0)
        {
            return fileRank <= contractRank && !fileType.StartsWith('U') ? TypeFit.Widening : TypeFit.CheckValues;
        }

        return contractType switch
        {
            "DOUBLE" when fileType is "FLOAT" || fileRank > 0 || fileType.StartsWith("DECIMAL", StringComparison.Ordinal) => TypeFit.Widening,
            "DATE" when fileType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => TypeFit.CheckValues,
            _ => TypeFit.Incompatible,
        };
    }

    private static int IntegerRank(string type) => type switch
    {
        "TINYINT" or "UTINYINT" => 1,
        "SMALLINT" or "USMALLINT" => 2,
        "INTEGER" or "UINTEGER" => 3,
        "BIGINT" or "UBIGINT" => 4,
        "HUGEINT" or "UHUGEINT" => 5,
        _ => 0,
    };
}

/// <summary>How a file's column type relates to the contract type.</summary>
internal enum TypeFit
{
    Exact,
    Widening,
    CheckValues,
    Incompatible,
}
