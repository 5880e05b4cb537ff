using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>The scopes in use: each with the counties it covers in the current data and its users.</summary>
public sealed partial class ScopesAdminPage
{
    [Inject]
    private KpiService Kpis { get; set; } = default!;

    private IReadOnlyList<ScopeRow> Rows { get; set; } = [];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var users = await scope.ServiceProvider.GetRequiredService<AppStoreDbContext>().Users.AsNoTracking()
            .Select(u => new { u.UserName, u.DataScope }).ToListAsync();
        Rows = [.. users.GroupBy(u => u.DataScope).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var parsed = DataScope.TryParse(g.Key, out var s) ? s : null;
            return new ScopeRow(
                g.Key,
                parsed is null ? L("（无效）", "(invalid)") : ScopeLabels.Describe(parsed, Kpis, English),
                parsed is null ? 0 : Kpis.CountiesIn(parsed).Count,
                string.Join(", ", g.Select(u => u.UserName).Order(StringComparer.Ordinal)));
        })];
    }

    private sealed record ScopeRow(string Scope, string Label, int Counties, string Users);
}
