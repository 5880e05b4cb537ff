namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// The trained models (never trained here), loaded at start-up and reloaded in the background when a new data version
/// is published or a newer model is saved (<see cref="ModelRefresher"/>). A missing, corrupt or mismatched model
/// leaves its status with a bilingual message; every other page and endpoint keeps working.
/// </summary>
public static class DashboardModels
{
    /// <summary>Registers the model figures over the dashboard's data folder: per request, one consistent snapshot of
    /// the models' results and the early-warning lists ranked by them.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddDashboardModels(this IServiceCollection services)
    {
        services.AddSingleton(provider => new ModelFolder(DashboardData.ResolveDataDirectory(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>())));
        services.AddSingleton<ModelRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelRefresher>());
        // Scoped: a request takes the current snapshot once and keeps it (and its models alive) until it ends.
        services.AddScoped(provider => provider.GetRequiredService<ModelRefresher>().Acquire());
        services.AddScoped(provider => provider.GetRequiredService<ModelLease>().Snapshot);
        services.AddScoped(provider => provider.GetRequiredService<ModelSnapshot>().Warnings);
        services.AddScoped<ModelDataMatch>();
        services.AddScoped<WarningRisk>();
        return services;
    }
}

/// <summary>The data folder the models are read from (models live under its <c>models/</c>).</summary>
/// <param name="Path">Absolute folder path.</param>
internal sealed record ModelFolder(string Path);
