using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Data.Scope;
using Spectre.Console;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival users add|list|import|reset-password|demo</c>: accounts of the dashboard, in the app store of a data
/// directory (docs/security.md). Every change is audited as <c>cli:&lt;account&gt;</c>.</summary>
internal static class UsersCommand
{
    /// <summary>The file <c>users demo</c> writes the demo passwords to, in the data directory (which git ignores).</summary>
    public const string DemoPasswordsFile = "demo-users.txt";

    /// <summary>The demo accounts: every role over the province, a prefecture-scoped analyst, a county-scoped evaluator.</summary>
    internal static IReadOnlyList<AccountSpec> DemoAccounts { get; } =
    [
        new("admin", "演示管理员 Demo administrator", [AppRoles.Admin], "province", false),
        new("leader", "演示领导 Demo leader", [AppRoles.Leader], "province", false),
        new("analyst", "演示分析员 Demo analyst", [AppRoles.Analyst], "province", true),
        new("evaluator", "演示评估员 Demo evaluator", [AppRoles.Evaluator], "province", false),
        new("taiyuan", "太原市分析员 Taiyuan analyst", [AppRoles.Analyst], "prefecture:140100", false),
        new("wuzhai", "五寨县评估员 Wuzhai evaluator", [AppRoles.Evaluator], "counties:140928", false),
    ];

    public static Command Create()
    {
        var command = new Command("users", "仪表盘用户：添加、列出、批量导入、重置密码、演示用户 / dashboard accounts: add, list, import, reset password, demo users");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(ResetPassword());
        command.Subcommands.Add(Demo());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "用户名 / user name" };
        var roles = new Option<string[]>("--role") { Description = "角色（可多次）/ role (repeatable): leader, analyst, evaluator, admin", Required = true, AllowMultipleArgumentsPerToken = true };
        var scope = new Option<string>("--scope") { Description = "数据范围 / data scope: province, prefecture:140100, counties:140105,140106", DefaultValueFactory = _ => "province" };
        var personal = new Option<bool>("--personal-data") { Description = "允许查看个人信息 / may unmask personal data" };
        var display = new Option<string?>("--display-name") { Description = "显示名 / display name" };
        var data = ImportCommand.DataOption();
        var command = new Command("add", "添加用户，打印一次性初始密码 / add a user; prints a one-time initial password") { name, roles, scope, personal, display, data };
        command.SetAction((parseResult, cancellationToken) => AddAsync(
            new AccountSpec(parseResult.GetValue(name)!, parseResult.GetValue(display) ?? parseResult.GetValue(name)!, parseResult.GetValue(roles)!, parseResult.GetValue(scope)!, parseResult.GetValue(personal)),
            parseResult.GetValue(data)!,
            cancellationToken));
        return command;
    }

    private static Command List()
    {
        var data = ImportCommand.DataOption();
        var command = new Command("list", "列出用户 / list users") { data };
        command.SetAction((parseResult, cancellationToken) => ListAsync(parseResult.GetValue(data)!, cancellationToken));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("CSV") { Description = "user_name,display_name,roles(;分隔),scope,personal_data(0/1)，首行为表头 / with a header row" };
        var passwords = new Option<string>("--passwords") { Description = "初始密码写入此文件（权限 600）/ file to write the initial passwords to (mode 600)", Required = true };
        var noChange = new Option<bool>("--no-password-change") { Description = "首次登录不要求改密码（服务账户、基准测试）/ do not ask for a new password at first sign-in (service accounts, benchmarks)" };
        var data = ImportCommand.DataOption();
        var command = new Command("import", "批量添加用户，每个用户一个事务 / add users in bulk, one transaction each") { file, passwords, noChange, data };
        command.SetAction((parseResult, cancellationToken) => ImportAsync(parseResult.GetValue(file)!, parseResult.GetValue(passwords)!, !parseResult.GetValue(noChange), parseResult.GetValue(data)!, cancellationToken));
        return command;
    }

    private static Command ResetPassword()
    {
        var name = new Argument<string>("NAME") { Description = "用户名 / user name" };
        var data = ImportCommand.DataOption();
        var command = new Command("reset-password", "重置密码（结束其所有会话，登录后须修改）/ reset a password (ends the user's sessions; must be changed after signing in)") { name, data };
        command.SetAction((parseResult, cancellationToken) => ResetAsync(parseResult.GetValue(name)!, parseResult.GetValue(data)!, cancellationToken));
        return command;
    }

    private static Command Demo()
    {
        var data = ImportCommand.DataOption();
        var command = new Command("demo", $"仅在没有任何用户时创建演示用户，密码打印一次并写入数据目录的 {DemoPasswordsFile} / create the demo users when there are none; passwords printed once and written to {DemoPasswordsFile} in the data directory") { data };
        command.SetAction((parseResult, cancellationToken) => DemoAsync(parseResult.GetValue(data)!, cancellationToken));
        return command;
    }

    private static async Task<int> AddAsync(AccountSpec spec, string data, CancellationToken cancellationToken)
    {
        if (CheckScope(spec.DataScope) is { } bad)
        {
            return bad;
        }

        await using var services = await CliStore.OpenAsync(data, cancellationToken);
        using var scope = services.CreateScope();
        var password = PasswordGenerator.New();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(spec, password, new AuditActor(CliStore.Actor), mustChangePassword: true, cancellationToken);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, result.Errors));
            return 2;
        }

        Console.WriteLine($"已创建 {spec.UserName}，初始密码（仅显示一次，首次登录须修改）/ created {spec.UserName}; initial password (shown once, must be changed at first sign-in): {password}");
        return 0;
    }

    private static async Task<int> ListAsync(string data, CancellationToken cancellationToken)
    {
        await using var services = await CliStore.OpenAsync(data, cancellationToken);
        using var scope = services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var users = await store.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roles = await (from ur in store.UserRoles join r in store.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var table = new Table().AddColumns("用户 / user", "显示名 / name", "角色 / roles", "范围 / scope", "个人信息 / personal data", "锁定 / locked");
        foreach (var u in users)
        {
            table.AddRow(
                Markup.Escape(u.UserName ?? string.Empty), Markup.Escape(u.DisplayName), string.Join(",", roles.Where(r => r.UserId == u.Id).Select(r => r.Name).Order(StringComparer.Ordinal)),
                Markup.Escape(u.DataScope), u.PersonalDataAccess ? "yes" : "no", u.LockoutEnd > DateTimeOffset.UtcNow ? "yes" : "no");
        }

        AnsiConsole.Write(table);
        return 0;
    }

    // One transaction per user: a process killed halfway leaves the users reported as created, each whole with its roles
    // and audit entry, and nothing of the one it was writing.
    private static async Task<int> ImportAsync(string file, string passwordsFile, bool mustChangePassword, string data, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"文件不存在：{file} / file not found: {file}");
            return 2;
        }

        var lines = await File.ReadAllLinesAsync(file, cancellationToken);
        var specs = new List<AccountSpec>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != 5 || !DataScope.TryParse(cells[3], out _) || cells[4] is not ("0" or "1"))
            {
                Console.Error.WriteLine($"{file} 第 {i + 1} 行格式错误（应为 user_name,display_name,roles,scope,personal_data）/ {file} row {i + 1} is malformed (expected user_name,display_name,roles,scope,personal_data)");
                return 2;
            }

            specs.Add(new AccountSpec(cells[0].Trim(), cells[1].Trim(), cells[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), DataScope.Parse(cells[3]).ToString(), cells[4] == "1"));
        }

        await using var services = await CliStore.OpenAsync(data, cancellationToken);
        await using var output = OpenPrivate(passwordsFile, append: true);
        var created = 0;
        foreach (var spec in specs)
        {
            using var scope = services.CreateScope();
            var password = PasswordGenerator.New();
            var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(spec, password, new AuditActor(CliStore.Actor), mustChangePassword, cancellationToken);
            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"{spec.UserName}: {string.Join("; ", result.Errors)}");
                continue;
            }

            await output.WriteLineAsync($"{spec.UserName}\t{password}".AsMemory(), cancellationToken);
            await output.FlushAsync(cancellationToken);
            Console.WriteLine($"created {spec.UserName}");
            created++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"已创建 {created} 个用户，初始密码见 {passwordsFile} / created {created} users; initial passwords in {passwordsFile}"));
        return created == specs.Count ? 0 : 1;
    }

    private static async Task<int> ResetAsync(string name, string data, CancellationToken cancellationToken)
    {
        await using var services = await CliStore.OpenAsync(data, cancellationToken);
        using var scope = services.CreateScope();
        var password = PasswordGenerator.New();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().ResetPasswordAsync(name, password, new AuditActor(CliStore.Actor), cancellationToken);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, result.Errors));
            return 2;
        }

        Console.WriteLine($"{name} 的临时密码（仅显示一次）/ temporary password of {name} (shown once): {password}");
        return 0;
    }

    private static async Task<int> DemoAsync(string data, CancellationToken cancellationToken)
    {
        await using var services = await CliStore.OpenAsync(data, cancellationToken);
        using var scope = services.CreateScope();
        if (await scope.ServiceProvider.GetRequiredService<AppStoreDbContext>().Users.AnyAsync(cancellationToken))
        {
            Console.WriteLine($"应用库中已有用户，未创建演示用户（密码见首次运行时的 {DemoPasswordsFile}）/ the app store already has users; no demo users created (passwords are in {DemoPasswordsFile} from the first run)");
            return 0;
        }

        var path = Path.Combine(Path.GetFullPath(data), DemoPasswordsFile);
        await using var output = OpenPrivate(path, append: false);
        var table = new Table().AddColumns("用户 / user", "角色 / role", "范围 / scope", "密码 / password");
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        foreach (var spec in DemoAccounts)
        {
            var password = PasswordGenerator.New();
            var result = await accounts.CreateAsync(spec, password, new AuditActor(CliStore.Actor), mustChangePassword: false, cancellationToken);
            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"{spec.UserName}: {string.Join("; ", result.Errors)}");
                return 1;
            }

            await output.WriteLineAsync($"{spec.UserName}\t{password}\t{string.Join(',', spec.Roles)}\t{spec.DataScope}".AsMemory(), cancellationToken);
            table.AddRow(spec.UserName, string.Join(",", spec.Roles), spec.DataScope, password);
        }

        AnsiConsole.MarkupLine("[green]演示用户（密码只显示这一次，另存于 {0}）/ demo users (passwords shown this once, also in {0}):[/]", Markup.Escape(path));
        AnsiConsole.Write(table);
        return 0;
    }

    private static int? CheckScope(string text)
    {
        if (DataScope.TryParse(text, out _))
        {
            return null;
        }

        try
        {
            DataScope.Parse(text);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
        }

        return 2;
    }

    // Passwords: readable by the owner only.
    private static StreamWriter OpenPrivate(string path, bool append)
    {
        var options = new FileStreamOptions { Mode = append ? FileMode.Append : FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new StreamWriter(path, System.Text.Encoding.UTF8, options);
    }
}
