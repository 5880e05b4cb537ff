using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>Users: a grid whose paging, sorting and filtering run in the store's SQL, and dialogs to create a user,
/// change roles, scope and the personal-data permission, reset a password or lock an account. Every change goes through
/// <see cref="AccountAdministration"/> (one transaction with its audit entry).</summary>
public sealed partial class UsersAdminPage
{
    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private KpiService Kpis { get; set; } = default!;

    [Inject]
    private UserAccessValidator AccessValidator { get; set; } = default!;

    private RadzenDataGrid<AppUser>? Grid { get; set; }

    private IReadOnlyList<AppUser>? Users { get; set; }

    private Dictionary<string, List<string>> Roles { get; set; } = [];

    private int Count { get; set; }

    private bool Loading { get; set; }

    private string? Message { get; set; }

    private bool MessageIsError { get; set; }

    private async Task LoadAsync(LoadDataArgs args)
    {
        Loading = true;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        IQueryable<AppUser> query = store.Users.AsNoTracking();
        if (args.Filters is { } filters && filters.Any())
        {
            query = query.Where(filters, LogicalFilterOperator.And, FilterCaseSensitivity.Default);
        }

        Count = await query.CountAsync();
        query = string.IsNullOrEmpty(args.OrderBy) ? query.OrderBy(u => u.UserName) : query.OrderBy(args.OrderBy);
        Users = await query.Skip(args.Skip ?? 0).Take(args.Top ?? 20).ToListAsync();
        var ids = Users.Select(u => u.Id).ToList();
        var pairs = await (from ur in store.UserRoles
                           join r in store.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync();
        Roles = pairs.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Select(p => p.Name!).Order(StringComparer.Ordinal).ToList());
        Loading = false;
    }

    private string RolesOf(AppUser user) =>
        Roles.TryGetValue(user.Id, out var roles) ? string.Join(L("、", ", "), roles.Select(r => English ? RoleLabels.Of(r).En : RoleLabels.Of(r).Zh)) : "—";

    private string ScopeText(string scope) => DataScope.TryParse(scope, out var parsed) ? ScopeLabels.Describe(parsed!, Kpis, English) : scope;

    private async Task CreateAsync()
    {
        if (await OpenDialogAsync(null) is not { } spec)
        {
            return;
        }

        var password = PasswordGenerator.New();
        await using var scope = ScopeFactory.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(spec, password, await ActorAsync(), mustChangePassword: true);
        Show(result, L($"已创建 {spec.UserName}，初始密码（仅显示一次，首次登录须修改）：{password}", $"Created {spec.UserName}; initial password (shown once, must be changed at first sign-in): {password}"));
        await ReloadAsync();
    }

    private async Task EditAsync(AppUser user)
    {
        var current = new AccountSpec(user.UserName!, user.DisplayName, Roles.GetValueOrDefault(user.Id) ?? [], user.DataScope, user.PersonalDataAccess);
        if (await OpenDialogAsync(current) is not { } spec)
        {
            return;
        }

        await using var scope = ScopeFactory.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().UpdateAsync(spec, await ActorAsync());
        AccessValidator.Invalidate(user.Id);
        Show(result, L($"已保存 {spec.UserName}", $"Saved {spec.UserName}"));
        await ReloadAsync();
    }

    private async Task ResetAsync(AppUser user)
    {
        var confirmed = await Dialogs.Confirm(
            L($"重置 {user.UserName} 的密码？其所有会话将结束。", $"Reset {user.UserName}'s password? All their sessions end."),
            L("重置密码", "Reset password"),
            new ConfirmOptions { OkButtonText = L("重置", "Reset"), CancelButtonText = L("取消", "Cancel") });
        if (confirmed != true)
        {
            return;
        }

        var password = PasswordGenerator.New();
        await using var scope = ScopeFactory.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().ResetPasswordAsync(user.UserName!, password, await ActorAsync());
        AccessValidator.Invalidate(user.Id);
        Show(result, L($"{user.UserName} 的临时密码（仅显示一次）：{password}", $"Temporary password of {user.UserName} (shown once): {password}"));
        await ReloadAsync();
    }

    private async Task ToggleLockAsync(AppUser user)
    {
        var locked = user.LockoutEnd > DateTimeOffset.UtcNow;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().SetLockedAsync(user.UserName!, !locked, await ActorAsync());
        AccessValidator.Invalidate(user.Id);
        Show(result, locked ? L($"已解锁 {user.UserName}", $"Unlocked {user.UserName}") : L($"已锁定 {user.UserName}", $"Locked {user.UserName}"));
        await ReloadAsync();
    }

    private async Task<AccountSpec?> OpenDialogAsync(AccountSpec? current)
    {
        var result = await Dialogs.OpenAsync<UserEditDialog>(
            current is null ? L("新建用户", "New user") : L($"编辑 {current.UserName}", $"Edit {current.UserName}"),
            new Dictionary<string, object?> { [nameof(UserEditDialog.Current)] = current, [nameof(UserEditDialog.English)] = English },
            new DialogOptions { Width = "640px" });
        return result as AccountSpec;
    }

    private void Show(AccountResult result, string success)
    {
        MessageIsError = !result.Succeeded;
        Message = result.Succeeded ? success : string.Join(" ", result.Errors);
    }

    private async Task ReloadAsync()
    {
        if (Grid is not null)
        {
            await Grid.Reload();
        }
    }
}
