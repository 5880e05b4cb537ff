using System.Globalization;
using Microsoft.AspNetCore.Components;
using Radzen;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>Creates or edits an account's name, roles, data scope and personal-data permission; closes with the new
/// <see cref="AccountSpec"/> once the scope parses and names only counties the data know.</summary>
public sealed partial class UserEditDialog
{
    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private KpiService Kpis { get; set; } = default!;

    /// <summary>The account being edited; null to create one.</summary>
    /// <value>The current spec.</value>
    [Parameter]
    public AccountSpec? Current { get; set; }

    /// <summary>Whether the dialog speaks English.</summary>
    /// <value>True for English.</value>
    [Parameter]
    public bool English { get; set; }

    private string UserName { get; set; } = string.Empty;

    private string DisplayName { get; set; } = string.Empty;

    private IEnumerable<string> Roles { get; set; } = [];

    private string ScopeText { get; set; } = "province";

    private bool PersonalData { get; set; }

    private string? Error { get; set; }

    private IReadOnlyList<RoleOption> RoleOptions => [.. AppRoles.All.Select(r => new RoleOption(English ? RoleLabels.Of(r).En : RoleLabels.Of(r).Zh, r))];

    private IReadOnlyList<PrefectureOption> Prefectures => [.. Kpis.Counties.Values
        .Select(c => (c.PrefectureCode, c.PrefectureName)).Distinct().OrderBy(p => p.PrefectureCode)
        .Select(p => new PrefectureOption(p.PrefectureCode, $"{p.PrefectureName} ({p.PrefectureCode.ToString(CultureInfo.InvariantCulture)})"))];

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        if (Current is { } current)
        {
            UserName = current.UserName;
            DisplayName = current.DisplayName;
            Roles = current.Roles;
            ScopeText = current.DataScope;
            PersonalData = current.PersonalDataAccess;
        }
    }

    private string L(string zh, string en) => English ? en : zh;

    private void PickPrefecture(int? code)
    {
        if (code is { } prefecture)
        {
            ScopeText = DataScope.ForPrefecture(prefecture).ToString();
        }
    }

    private void Save()
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            Error = L("请填写用户名", "Enter a user name");
            return;
        }

        DataScope scope;
        try
        {
            scope = DataScope.Parse(ScopeText);
        }
        catch (FormatException e)
        {
            Error = e.Message;
            return;
        }

        var unknown = scope.UnknownCodes(Kpis.Counties.Values.Select(c => (c.Code, c.PrefectureCode)));
        if (unknown.Count > 0)
        {
            var codes = string.Join(", ", unknown);
            Error = $"数据中没有这些代码：{codes} / the data have no such codes: {codes}";
            return;
        }

        Dialogs.Close(new AccountSpec(UserName.Trim(), string.IsNullOrWhiteSpace(DisplayName) ? UserName.Trim() : DisplayName.Trim(), [.. Roles], scope.ToString(), PersonalData));
    }

    private sealed record RoleOption(string Text, string Value);

    private sealed record PrefectureOption(int Code, string Name);
}
