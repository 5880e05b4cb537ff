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
        // Resolving the folder checks the disk; do it once for both services.
        services.AddSingleton(provider => new ModelFolder(DashboardData.ResolveDataDirectory(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>())));
        services.AddSingleton(provider =>
        {
            var directory = provider.GetRequiredService<ModelFolder>().Path;
            return DataStore.IsDataStore(directory)
                ? ModelDataSource.FromDataStore(DataStore.Open(directory), threads: 2)
                : ModelDataSource.FromExport(directory, threads: 2);
        });
        services.AddSingleton(provider =>
            ModelService.Load(provider.GetRequiredService<ModelFolder>().Path, provider.GetRequiredService<ModelDataSource>(), threads: 2));
        services.AddSingleton<WarningRisk>();
        return services;
    }
}

/// <summary>The data folder the models are read from (models live under its <c>models/</c>).</summary>
/// <param name="Path">Absolute folder path.</param>
internal sealed record ModelFolder(string Path);
