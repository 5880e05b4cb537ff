using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Radzen;
using RevivalAnalytics.Dashboard.Apis;
using RevivalAnalytics.Dashboard.Components;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Metrics;

var builder = WebApplication.CreateBuilder(args);
// Serve package assets (Radzen's CSS) from a build output in every environment, not only Development;
// a published app has them in wwwroot and this does nothing there.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents();
builder.Services.AddRadzenComponents();
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDashboardData();
builder.Services.AddDashboardModels();
// A page is a pure function of its URL, the data version and the model snapshot: rendered once, served from memory
// until either changes.
// Bounded: URLs with made-up parameters are distinct entries, so the cache has a size limit and evicts.
builder.Services.AddOutputCache(options =>
{
    options.SizeLimit = 64L * 1024 * 1024;
    options.AddPolicy(DashboardData.PageCachePolicy, policy => policy
        .Expire(TimeSpan.FromMinutes(30))
        .SetVaryByQuery("*")
        .VaryByValue(context =>
        {
            // Pages also show model figures, which follow new models and data on their own schedule (ModelRefresher).
            var models = context.RequestServices.GetRequiredService<ModelRefresher>();
            return KeyValuePair.Create("data", string.Create(CultureInfo.InvariantCulture,
                $"{context.RequestServices.GetRequiredService<KpiService>().DataVersion}|{models.Current.Generation}|{models.IsRefreshing}"));
        }));
});
// Statuses and directions as words ("Green", "HigherIsBetter") in the JSON API, not numbers.
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
// Write Chinese as characters, not &#x...; entities: pages are half the size and readable in tests.
builder.Services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

var app = builder.Build();

// Fail at start-up with one sentence when there is nothing to show, and build the metric aggregates now rather than
// on the first request (with the 2,000,000-household dataset this is the start-up cost).
try
{
    app.Services.GetRequiredService<KpiService>().Warm();
    // Load (never train) the latest models now, so the first county page does not wait for scoring; the warning list
    // takes the households' probabilities into SQL, for sorting by risk. Later versions are loaded in the background.
    app.Services.GetRequiredService<ModelRefresher>();
}
catch (DashboardDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

app.UseUrlLanguage();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// A bodiless error status (an unknown page, say) is answered by the friendly, bilingual page;
// the HTTP API writes ProblemDetails bodies itself, so it never reaches this.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseAntiforgery();
app.UseOutputCache();
app.MapStaticAssets();
app.MapHealthApi();
app.MapKpisApi();
app.MapCountiesApi();
app.MapClassesApi();
app.MapWarningsApi();
app.MapModelsApi();
app.MapSqlApi();
app.MapApiNotFound();
app.MapRazorComponents<App>().CacheOutput(DashboardData.PageCachePolicy);

app.Run();
return 0;
