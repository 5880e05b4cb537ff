namespace RevivalAnalytics.DuckDb;

/// <summary>
/// Quoting for the few places where text must be written into SQL because DuckDB takes no parameter there: a path in
/// DDL (<c>CREATE VIEW … read_parquet('…')</c>, <c>COPY … TO '…'</c>) and a column or table name read from a file. Only
/// trusted text goes here (paths we built or listed, names the contract or a file's schema gives); a value a user
/// typed always travels as a <c>DuckDBParameter</c>.
/// </summary>
internal static class SqlText
{
    /// <summary>A SQL string literal: <c>it's</c> → <c>'it''s'</c>.</summary>
    /// <param name="text">Trusted text, e.g. a file path.</param>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A quoted SQL identifier: <c>a"b</c> → <c>"a""b"</c>.</summary>
    /// <param name="name">A column or table name.</param>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
