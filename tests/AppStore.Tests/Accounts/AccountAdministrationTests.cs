using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.AppStore.Tests.Infrastructure;

namespace RevivalAnalytics.AppStore.Tests.Accounts;

public sealed class AccountAdministrationTests
{
    private const string Password = "Shanxi2024pass";
    private static readonly AuditActor Admin = new("admin", "province", "127.0.0.1");

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task CreateAsync_WithRoles_UserRolesScopeAndAuditEntryStored(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var result = await accounts.CreateAsync(new AccountSpec("taiyuan", "太原分析员", [AppRoles.Analyst, AppRoles.Leader], "prefecture:140100", false), Password, Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var user = await users.FindByNameAsync("taiyuan");
        Assert.NotNull(user);
        Assert.Equal("prefecture:140100", user.DataScope);
        Assert.NotEqual(Password, user.PasswordHash);
        Assert.True(await users.CheckPasswordAsync(user, Password));
        Assert.Equal([AppRoles.Analyst, AppRoles.Leader], (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal));
        var entry = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries.SingleAsync();
        Assert.Equal((AuditActions.UserCreate, "admin", "taiyuan"), (entry.Action, entry.Actor, entry.Target));
        Assert.Contains("scope=prefecture:140100", entry.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task CreateAsync_WeakPassword_NothingWrittenAndReasonBilingual(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();

        var result = await accounts.CreateAsync(new AccountSpec("weak", "弱", [AppRoles.Leader], "province", false), "short", Admin);

        Assert.False(result.Succeeded);
        Assert.Contains("密码至少 10 个字符 / Passwords must be at least 10 characters.", result.Errors);
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task CreateAsync_UnknownRole_Refused(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();

        var result = await accounts.CreateAsync(new AccountSpec("x", "x", ["superuser"], "province", false), Password, Admin);

        Assert.False(result.Succeeded);
        Assert.StartsWith("未知的角色 superuser", result.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task UpdateAsync_ScopeAndRoles_StoredWithBeforeAndAfterInTheLog(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        await accounts.CreateAsync(new AccountSpec("eval", "评估员", [AppRoles.Evaluator], "counties:140105", false), Password, Admin);

        var result = await accounts.UpdateAsync(new AccountSpec("eval", "评估员", [AppRoles.Evaluator, AppRoles.Leader], "prefecture:140400", true), Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var spec = await accounts.FindAsync("eval");
        Assert.Equal(new[] { AppRoles.Evaluator, AppRoles.Leader }.Order(StringComparer.Ordinal), spec!.Roles);
        Assert.Equal("prefecture:140400", spec.DataScope);
        Assert.True(spec.PersonalDataAccess);
        var change = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries.FirstAsync();
        Assert.Equal(AuditActions.UserChange, change.Action);
        Assert.Contains("scope=counties:140105", change.Detail, StringComparison.Ordinal);
        Assert.Contains("→ name=评估员; roles=evaluator,leader; scope=prefecture:140400; personal_data=yes", change.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ResetPasswordAsync_NewPassword_OldFailsStampRenewedMustChange(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await accounts.CreateAsync(new AccountSpec("leader", "领导", [AppRoles.Leader], "province", false), Password, Admin);
        var stamp = (await users.FindByNameAsync("leader"))!.SecurityStamp;

        var result = await accounts.ResetPasswordAsync("leader", "Temporary2025x", Admin);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var user = (await users.FindByNameAsync("leader"))!;
        Assert.False(await users.CheckPasswordAsync(user, Password));
        Assert.True(await users.CheckPasswordAsync(user, "Temporary2025x"));
        Assert.NotEqual(stamp, user.SecurityStamp);
        Assert.True(user.MustChangePassword);
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task ResetPasswordAsync_WeakPassword_OldPasswordStillWorks(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await accounts.CreateAsync(new AccountSpec("leader", "领导", [AppRoles.Leader], "province", false), Password, Admin);

        var result = await accounts.ResetPasswordAsync("leader", "weak", Admin);

        Assert.False(result.Succeeded);
        await using var fresh = store.Scope();
        var freshUsers = fresh.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await freshUsers.CheckPasswordAsync((await freshUsers.FindByNameAsync("leader"))!, Password));
    }

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task SetLockedAsync_Lock_UserLockedOutAndStampRenewed(AppStoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await accounts.CreateAsync(new AccountSpec("leader", "领导", [AppRoles.Leader], "province", false), Password, Admin);
        var stamp = (await users.FindByNameAsync("leader"))!.SecurityStamp;

        var result = await accounts.SetLockedAsync("leader", locked: true, Admin);

        Assert.True(result.Succeeded);
        var user = (await users.FindByNameAsync("leader"))!;
        Assert.True(await users.IsLockedOutAsync(user));
        Assert.NotEqual(stamp, user.SecurityStamp);
    }

    [Fact]
    public async Task UpdateAsync_UnknownUser_ReasonNamesTheUser()
    {
        await using var store = await TestStore.CreateAsync(AppStoreProvider.Sqlite);
        await using var scope = store.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();

        var result = await accounts.UpdateAsync(new AccountSpec("ghost", "x", [], "province", false), Admin);

        Assert.Equal(["没有用户 ghost / no user ghost"], result.Errors);
    }
}
