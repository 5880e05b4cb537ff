using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Radzen.Blazor;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Components.Pages.Admin;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Admin;

/// <summary>The user dialog rendered with bunit over the test export's counties.</summary>
public sealed class UserEditDialogTests : IDisposable
{
    private readonly AnalyticsContext _analytics = AnalyticsContext.Open(TestExport.Directory);
    private readonly BunitContext _context = new();
    private readonly DialogService _dialogs;

    public UserEditDialogTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddRadzenComponents();
        _context.Services.AddSingleton(_analytics.Metrics);
        _dialogs = _context.Services.GetRequiredService<DialogService>();
    }

    public void Dispose()
    {
        _context.Dispose();
        _analytics.Dispose();
    }

    // The dialog opened the way the users page opens it, in Radzen's dialog host; the task ends when it closes.
    private (IRenderedComponent<RadzenDialog> Host, Task<dynamic?> Closed) Open(AccountSpec? current)
    {
        var host = _context.Render<RadzenDialog>();
        var closed = _dialogs.OpenAsync<UserEditDialog>(
            "dialog",
            new Dictionary<string, object?> { [nameof(UserEditDialog.Current)] = current, [nameof(UserEditDialog.English)] = true });
        host.WaitForElement("#dialog-save");
        return (host, closed);
    }

    [Fact]
    public void Save_UnknownCounty_ShowsBilingualErrorAndStaysOpen()
    {
        var (dialog, closed) = Open(new AccountSpec("someone", "Someone", [AppRoles.Leader], "province", false));

        dialog.Find("input[name=scope]").Change("counties:140105,149999");
        dialog.Find("#dialog-save").Click();

        var error = dialog.Find("[data-dialog-error]").TextContent;
        Assert.Contains("数据中没有这些代码：149999", error, StringComparison.Ordinal);
        Assert.Contains("the data have no such codes: 149999", error, StringComparison.Ordinal);
        Assert.False(closed.IsCompleted);
    }

    [Fact]
    public async Task Save_ValidPrefecture_ClosesWithTheNormalisedSpec()
    {
        var (dialog, closed) = Open(new AccountSpec("someone", "Someone", [AppRoles.Leader], "province", true));

        dialog.Find("input[name=scope]").Change(" prefecture:140900 ");
        dialog.Find("#dialog-save").Click();

        object? result = await closed.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        var spec = Assert.IsType<AccountSpec>(result);
        Assert.Equal("prefecture:140900", spec.DataScope);
        Assert.Equal([AppRoles.Leader], spec.Roles);
        Assert.True(spec.PersonalDataAccess);
    }

    [Fact]
    public void Save_NewUserWithoutName_AsksForOne()
    {
        var (dialog, closed) = Open(null);

        dialog.Find("#dialog-save").Click();

        Assert.Contains("Enter a user name", dialog.Find("[data-dialog-error]").TextContent, StringComparison.Ordinal);
        Assert.Single(dialog.FindAll("input[name=user-name]"));
        Assert.False(closed.IsCompleted);
    }
}
