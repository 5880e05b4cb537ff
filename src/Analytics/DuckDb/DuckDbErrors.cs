using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace RevivalAnalytics.DuckDb;

/// <summary>
/// DuckDB's error category for an error DuckDB.NET raised. Why: DuckDB.NET sets <see cref="DuckDBException.ErrorType"/>
/// for errors while a statement runs, but not for errors while it is parsed or prepared (syntax, unknown table or
/// column); DuckDB names the category at the start of its message there ("Catalog Error: ..."), which is read here.
/// </summary>
public static class DuckDbErrors
{
    /// <summary>The error's DuckDB category, from DuckDB.NET or else from the prefix of DuckDB's message.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The category; <see cref="DuckDBErrorType.Invalid"/> when DuckDB named none.</returns>
    public static DuckDBErrorType Category(this DuckDBException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorType != DuckDBErrorType.Invalid ? error.ErrorType : FromMessage(error.Message);
    }

    internal static DuckDBErrorType FromMessage(string message)
    {
        var end = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (end <= 0)
        {
            return DuckDBErrorType.Invalid;
        }

        var prefix = message[..end].Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return prefix.ToUpperInvariant() switch
        {
            "TRANSACTIONCONTEXT" => DuckDBErrorType.Transaction,
            "EXTENSIONAUTOLOADING" => DuckDBErrorType.Autoload,
            _ => Enum.TryParse<DuckDBErrorType>(prefix, ignoreCase: true, out var parsed) ? parsed : DuckDBErrorType.Invalid,
        };
    }
}
