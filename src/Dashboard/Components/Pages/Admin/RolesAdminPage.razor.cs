using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>The four roles, what each may do (<see cref="RoleCapabilities"/>) and how many users hold it.</summary>
public sealed partial class RolesAdminPage
{
    private IReadOnlyList<RoleRow> Rows { get; set; } = [];

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var counts = await (from ur in store.UserRoles join r in store.Roles on ur.RoleId equals r.Id group ur by r.Name into g select new { Name = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Name!, x => x.Count);
        Rows = [.. AppRoles.All.Select(role => new RoleRow(
            role,
            English ? RoleLabels.Of(role).En : RoleLabels.Of(role).Zh,
            string.Join(L("、", ", "), RoleCapabilities.Of(role).Select(Describe)),
            counts.GetValueOrDefault(role)))];
    }

    private string Describe(Capability capability) => capability switch
    {
        Capability.ReadDashboards => L("看板与报告", "dashboards and reports"),
        Capability.RunSql => L("SQL 查询", "SQL workspace"),
        Capability.Export => L("导出", "exports"),
        Capability.Administer => L("用户、角色、范围、审计", "users, roles, scopes, audit"),
        _ => capability.ToString(),
    };

    private sealed record RoleRow(string Name, string Label, string Capabilities, int Users);
}
