using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.Dashboard.Security;

namespace RevivalAnalytics.Dashboard.Apis;

/// <summary><c>/api/assessment/schemes</c>: a stored scheme version as its JSON file, for administrators (the scheme
/// editor's export). Editing and importing happen on the editor page, where every change is validated and audited.</summary>
public static class AssessmentSchemesApi
{
    /// <summary>Maps the scheme endpoints.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapAssessmentSchemesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessment/schemes").RequireAuthorization(Policies.Administer);
        api.MapGet("/{id:long}/scheme.json", GetSchemeFileAsync).WithName("AssessmentSchemeFile").WithSummary("评估方案文件 / scheme file (JSON)");
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> GetSchemeFileAsync(long id, AssessmentStore store, CancellationToken cancellationToken)
    {
        var row = await store.FindSchemeAsync(id, cancellationToken);
        return row is null
            ? TypedResults.NotFound()
            : TypedResults.File(Encoding.UTF8.GetBytes(row.Json), "application/json", $"{row.SchemeId}-{row.Year}-v{row.Version}.json");
    }
}
