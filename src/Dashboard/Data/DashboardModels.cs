using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// The trained models, loaded once at start-up (never trained here). A missing, corrupt or mismatched model file
/// leaves its status with a bilingual message; every other page and endpoint keeps working.
/// </summary>
public static class DashboardModels
{
    /// <summary>Registers <see cref="ModelService"/> over the dashboard's data folder.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddDashboardModels(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var directory = DashboardData.ResolveDataDirectory(
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>());
            return DataStore.IsDataStore(directory)
                ? ModelDataSource.FromDataStore(DataStore.Open(directory), threads: 2)
                : ModelDataSource.FromExport(directory, threads: 2);
        });
        services.AddSingleton(provider =>
        {
            var directory = DashboardData.ResolveDataDirectory(
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>());
            return ModelService.Load(directory, provider.GetRequiredService<ModelDataSource>(), threads: 2);
        });
        return services;
    }
}
