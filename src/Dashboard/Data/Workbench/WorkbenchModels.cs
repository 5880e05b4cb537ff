using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>How a result column is filtered in the grid; each becomes a comparison with a bound value in SQL.</summary>
internal enum WorkbenchFilterOperator
{
    Equals,
    NotEquals,
    Contains,
    StartsWith,
    LessThan,
    LessThanOrEquals,
    GreaterThan,
    GreaterThanOrEquals,
    IsNull,
    IsNotNull,
}

/// <summary>A sort on one result column.</summary>
internal sealed record WorkbenchSort(string Column, bool Descending);

/// <summary>A filter on one result column; <paramref name="Value"/> is the text typed, bound as a parameter.</summary>
internal sealed record WorkbenchFilter(string Column, WorkbenchFilterOperator Operator, string? Value);

/// <summary>One page of a workbench statement's result, sorted and filtered in SQL over the whole result.</summary>
/// <param name="Sql">The analyst's statement (one SELECT).</param>
/// <param name="Parameters">Values of the <c>$name</c> parameters it uses, as typed (numbers are bound as numbers).</param>
internal sealed record WorkbenchRequest(string Sql, IReadOnlyDictionary<string, string> Parameters)
{
    public int Skip { get; init; }

    public int Take { get; init; } = 100;

    public IReadOnlyList<WorkbenchSort> Sorts { get; init; } = [];

    public IReadOnlyList<WorkbenchFilter> Filters { get; init; } = [];
}

/// <summary>A page of rows with the size of the whole (filtered) result.</summary>
internal sealed record WorkbenchResult(IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows, long TotalRows, string DataVersion, TimeSpan Duration);

/// <summary>A table or view of the workspace as the schema browser and the editor's autocomplete show it.</summary>
internal sealed record WorkbenchTable(string Name, string? Description, long RowCount, IReadOnlyList<WorkbenchColumn> Columns)
{
    /// <summary>One of the metric layer's aggregate tables (the official definitions), not a table of the data contract.</summary>
    public bool IsMetricView { get; init; }
}

/// <summary>A column with its type, its Chinese description when the data contract names it, and a few sample values
/// (from the table's first rows).</summary>
internal sealed record WorkbenchColumn(string Name, string Type, string? Description)
{
    public IReadOnlyList<string> Samples { get; init; } = [];
}

/// <summary>What the editor completes: tables with columns, and DuckDB's functions.</summary>
internal sealed record WorkbenchSchema(string DataVersion, IReadOnlyList<WorkbenchTable> Tables, IReadOnlyList<string> Functions);

/// <summary>A failed statement: the bilingual message, DuckDB's own, and where in the analyst's text it points
/// (0-based character offset), when DuckDB reported a position.</summary>
internal sealed record WorkbenchError(string MessageZh, string MessageEn, string? Detail, int? Offset);

/// <summary>Who runs a workbench statement: the user's name (the per-user cap in the queue) and data scope (the workspace).</summary>
internal sealed record WorkbenchUser(string Name, DataScope Scope);

/// <summary>Where a statement stands in the workbench's queue.</summary>
/// <param name="Queued">Waiting for a slot (false: it has just started after waiting).</param>
/// <param name="Ahead">Statements of any user waiting before it.</param>
/// <param name="OwnRunning">Statements of the same user running when it was queued.</param>
/// <param name="PerUserCap">Statements one user may run at once.</param>
/// <param name="Capacity">Statements that run at once across the site.</param>
internal sealed record WorkbenchQueueStatus(bool Queued, int Ahead, int OwnRunning, int PerUserCap, int Capacity)
{
    /// <summary>It waits because its user already runs as many statements as allowed, not for the site's slots.</summary>
    public bool WaitsForOwnQueries => OwnRunning >= PerUserCap;

    /// <summary>What the status line says while it waits, Chinese then English.</summary>
    public (string Zh, string En) Message => WaitsForOwnQueries
        ? ($"排队中：您已有 {OwnRunning} 个查询在运行（每人最多同时 {PerUserCap} 个）", $"queued: you already have {OwnRunning} queries running (at most {PerUserCap} per user)")
        : Ahead == 0
            ? ($"排队中：等待空闲的查询位（全站同时运行 {Capacity} 条）", $"queued: waiting for a free slot ({Capacity} run at once across the site)")
            : ($"排队中：前面还有 {Ahead} 条语句在等待（全站同时运行 {Capacity} 条）", $"queued: {Ahead} statement(s) ahead ({Capacity} run at once across the site)");
}
