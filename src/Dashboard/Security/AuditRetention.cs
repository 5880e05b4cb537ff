using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>Deletes audit entries older than the retention (<c>Revival:Audit:RetentionDays</c>, at least 180, default
/// 365) once at start and then daily. The store's triggers allow no other deletion.</summary>
internal sealed partial class AuditRetention(IServiceScopeFactory scopes, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<AuditLog>().DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "审计日志保留期清理删除了 {Count} 条 / audit retention removed {Count} entries")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "审计日志保留期清理失败 / audit retention clean-up failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
