using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Radzen;
using Radzen.Blazor;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Dashboard.Apis;

namespace RevivalAnalytics.Dashboard.Components.Pages.Admin;

/// <summary>The audit log: search by day range, action, user and text, plus the grid's own column filters and sorting,
/// all run by the store as SQL (<see cref="AuditFilter"/>, Radzen's filter descriptors over the EF Core query); export of
/// the same filter as CSV.</summary>
public sealed partial class AuditAdminPage
{
    private RadzenDataGrid<AuditEntry>? Grid { get; set; }

    private IReadOnlyList<AuditEntry>? Entries { get; set; }

    private int Count { get; set; }

    private bool Loading { get; set; }

    private int RetentionDays { get; set; }

    private DateTime? From { get; set; }

    private DateTime? To { get; set; }

    private string? Action { get; set; }

    private string? Actor { get; set; }

    private string? Text { get; set; }

    private AuditFilter Filter => new(
        From is { } from ? DateOnly.FromDateTime(from) : null,
        To is { } to ? DateOnly.FromDateTime(to) : null,
        Action,
        string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(),
        string.IsNullOrWhiteSpace(Text) ? null : Text.Trim());

    private string CsvUrl => QueryHelpers.AddQueryString("/api/admin/audit.csv", new Dictionary<string, string?>
    {
        ["from"] = Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["action"] = Filter.Action,
        ["actor"] = Filter.Actor,
        ["text"] = Filter.Text,
    }.Where(p => !string.IsNullOrEmpty(p.Value)));

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        RetentionDays = await scope.ServiceProvider.GetRequiredService<AuditLog>().GetRetentionDaysAsync();
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        Loading = true;
        await using var scope = ScopeFactory.CreateAsyncScope();
        var query = Filter.Apply(scope.ServiceProvider.GetRequiredService<AuditLog>().Entries);
        if (args.Filters is { } filters && filters.Any())
        {
            query = query.Where(filters, LogicalFilterOperator.And, FilterCaseSensitivity.Default);
        }

        Count = await query.CountAsync();
        if (!string.IsNullOrEmpty(args.OrderBy))
        {
            query = query.OrderBy(args.OrderBy);
        }

        Entries = await query.Skip(args.Skip ?? 0).Take(args.Top ?? 50).ToListAsync();
        Loading = false;
    }

    private async Task SearchAsync()
    {
        if (Grid is not null)
        {
            await Grid.FirstPage(forceReload: true);
        }
    }

    private static string? Short(string? text) => text is null || text.Length <= 120 ? text : text[..120] + "…";
}
