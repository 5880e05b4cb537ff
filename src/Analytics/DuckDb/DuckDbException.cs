namespace RevivalAnalytics.DuckDb;

/// <summary>An error reported by DuckDB (its own message and error type) or by this binding.</summary>
public class DuckDbException : System.Data.Common.DbException
{
    /// <summary>Creates an exception with a message and DuckDB error type.</summary>
    /// <param name="message">The message, DuckDB's own where DuckDB raised it.</param>
    /// <param name="errorType">The DuckDB error category.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DuckDbException(string message, DuckDbErrorType errorType = DuckDbErrorType.Invalid, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    /// <summary>DuckDB's error category (Catalog, Parser, Binder, Permission, OutOfMemory, Interrupt, ...).</summary>
    public DuckDbErrorType ErrorType { get; }

    /// <summary>Builds an exception from DuckDB's message, taking the category from the native code or the message prefix.</summary>
    internal static DuckDbException FromNative(string message, DuckDbErrorType? errorType = null) =>
        new(message, errorType is null or DuckDbErrorType.Invalid ? ParseErrorType(message) : errorType.Value);

    /// <summary>DuckDB prefixes its messages with the category ("Catalog Error: ..."); used where the C API gives no code.</summary>
    internal static DuckDbErrorType ParseErrorType(string message)
    {
        var colon = message.IndexOf(" Error:", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return DuckDbErrorType.Invalid;
        }

        var prefix = message[..colon].Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("_", string.Empty, StringComparison.Ordinal);
        if (prefix.Equals("TransactionContext", StringComparison.OrdinalIgnoreCase))
        {
            return DuckDbErrorType.Transaction;
        }

        if (prefix.Equals("ExtensionAutoloading", StringComparison.OrdinalIgnoreCase))
        {
            return DuckDbErrorType.Autoload;
        }

        return Enum.TryParse<DuckDbErrorType>(prefix, ignoreCase: true, out var parsed) ? parsed : DuckDbErrorType.Invalid;
    }
}

/// <summary>DuckDB's error categories (duckdb_error_type in duckdb.h).</summary>
public enum DuckDbErrorType
{
    /// <summary>No category.</summary>
    Invalid = 0,
    /// <summary>A value out of range.</summary>
    OutOfRange = 1,
    /// <summary>A failed conversion between types.</summary>
    Conversion = 2,
    /// <summary>An unknown type.</summary>
    UnknownType = 3,
    /// <summary>A decimal error.</summary>
    Decimal = 4,
    /// <summary>A type mismatch.</summary>
    MismatchType = 5,
    /// <summary>Division by zero.</summary>
    DivideByZero = 6,
    /// <summary>An object too large.</summary>
    ObjectSize = 7,
    /// <summary>An invalid type.</summary>
    InvalidType = 8,
    /// <summary>A serialization error.</summary>
    Serialization = 9,
    /// <summary>A transaction conflict or state error.</summary>
    Transaction = 10,
    /// <summary>Not implemented.</summary>
    NotImplemented = 11,
    /// <summary>An expression error.</summary>
    Expression = 12,
    /// <summary>A missing or conflicting catalog entry (table, view, column).</summary>
    Catalog = 13,
    /// <summary>A SQL syntax error.</summary>
    Parser = 14,
    /// <summary>A planner error.</summary>
    Planner = 15,
    /// <summary>A scheduler error.</summary>
    Scheduler = 16,
    /// <summary>An executor error.</summary>
    Executor = 17,
    /// <summary>A constraint violation.</summary>
    Constraint = 18,
    /// <summary>An index error.</summary>
    Index = 19,
    /// <summary>A statistics error.</summary>
    Stat = 20,
    /// <summary>A connection error.</summary>
    Connection = 21,
    /// <summary>A syntax error.</summary>
    Syntax = 22,
    /// <summary>A settings error.</summary>
    Settings = 23,
    /// <summary>A binder error (unknown column, wrong argument types).</summary>
    Binder = 24,
    /// <summary>A network error.</summary>
    Network = 25,
    /// <summary>An optimizer error.</summary>
    Optimizer = 26,
    /// <summary>A null pointer.</summary>
    NullPointer = 27,
    /// <summary>A file or I/O error.</summary>
    IO = 28,
    /// <summary>The query was interrupted (cancelled or timed out).</summary>
    Interrupt = 29,
    /// <summary>A fatal error: the database must be reopened.</summary>
    Fatal = 30,
    /// <summary>An internal DuckDB error.</summary>
    Internal = 31,
    /// <summary>Invalid input.</summary>
    InvalidInput = 32,
    /// <summary>The memory limit was reached.</summary>
    OutOfMemory = 33,
    /// <summary>The operation is not permitted (sandbox, read-only, locked configuration).</summary>
    Permission = 34,
    /// <summary>A parameter could not be resolved.</summary>
    ParameterNotResolved = 35,
    /// <summary>A parameter is not allowed here.</summary>
    ParameterNotAllowed = 36,
    /// <summary>A dependency error.</summary>
    Dependency = 37,
    /// <summary>An HTTP error.</summary>
    Http = 38,
    /// <summary>A required extension is missing.</summary>
    MissingExtension = 39,
    /// <summary>An extension could not be autoloaded.</summary>
    Autoload = 40,
    /// <summary>A sequence error.</summary>
    Sequence = 41,
    /// <summary>An invalid configuration.</summary>
    InvalidConfiguration = 42,
}
