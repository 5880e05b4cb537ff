using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace RevivalAnalytics.DuckDb;

/// <summary>An ADO.NET command: SQL text plus parameters, run on a <see cref="DuckDbConnection"/>.</summary>
public sealed class DuckDbCommand : DbCommand
{
    private readonly DuckDbParameterCollection _parameters = new();
    private DuckDbConnection? _connection;

    /// <inheritdoc />
    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    /// <summary>Seconds before the statement is interrupted; 0 (the default) means the sandbox's limit, or none.</summary>
    public override int CommandTimeout { get; set; }

    /// <inheritdoc />
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("DuckDB 只支持 SQL 文本命令 / DuckDB supports CommandType.Text only.");
            }
        }
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>Receives DuckDB's progress while the command runs.</summary>
    public IProgress<DuckDbQueryProgress>? Progress { get; set; }

    /// <summary>The command's connection.</summary>
    public new DuckDbConnection? Connection
    {
        get => _connection;
        set => _connection = value;
    }

    /// <summary>The command's parameters.</summary>
    public new DuckDbParameterCollection Parameters => _parameters;

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = value as DuckDbConnection
            ?? (value is null ? null : throw new InvalidCastException("需要 DuckDbConnection / Expected a DuckDbConnection."));
    }

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => _parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction { get; set; }

    /// <summary>Interrupts the command if it is running.</summary>
    public override void Cancel() => _connection?.Interrupt();

    /// <inheritdoc />
    public override int ExecuteNonQuery()
    {
        using var result = Run(CancellationToken.None);
        return (int)Math.Min(result.RowsChanged, int.MaxValue);
    }

    /// <inheritdoc />
    public override object? ExecuteScalar()
    {
        using var result = Run(CancellationToken.None);
        var chunk = result.NextChunk();
        return chunk is null || chunk.RowCount == 0 || result.ColumnTypes.Count == 0 ? null : chunk.GetValue(0, 0) ?? DBNull.Value;
    }

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            using var result = Run(cancellationToken);
            return (int)Math.Min(result.RowsChanged, int.MaxValue);
        }, cancellationToken);

    /// <summary>Runs the command and returns the columnar result. Dispose it.</summary>
    /// <param name="cancellationToken">Interrupts the statement.</param>
    public DuckDbQueryResult ExecuteColumnar(CancellationToken cancellationToken = default) => Run(cancellationToken);

    /// <summary>Runs the command and returns an ADO.NET reader.</summary>
    public new DuckDbDataReader ExecuteReader() => (DuckDbDataReader)ExecuteDbDataReader(CommandBehavior.Default);

    /// <inheritdoc />
    public override void Prepare()
    {
    }

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => new DuckDbParameter();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        new DuckDbDataReader(Run(CancellationToken.None), behavior.HasFlag(CommandBehavior.CloseConnection) ? _connection : null);

    /// <inheritdoc />
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        Task.Run<DbDataReader>(
            () => new DuckDbDataReader(Run(cancellationToken), behavior.HasFlag(CommandBehavior.CloseConnection) ? _connection : null),
            cancellationToken);

    private DuckDbQueryResult Run(CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("命令没有连接 / The command has no connection.");
        return connection.Run(CommandText, _parameters.Items, new DuckDbRunOptions
        {
            Timeout = CommandTimeout > 0 ? TimeSpan.FromSeconds(CommandTimeout) : null,
            Progress = Progress,
            CancellationToken = cancellationToken,
        });
    }
}
