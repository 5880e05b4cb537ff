using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Radzen;
using RevivalAnalytics;
using RevivalAnalytics.Dashboard.Apis;
using RevivalAnalytics.Dashboard.Components;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Localization;
using RevivalAnalytics.Dashboard.Security;
using RevivalAnalytics.AppStore;

var builder = WebApplication.CreateBuilder(args);
// Serve package assets (Radzen's CSS) from a build output in every environment, not only Development;
// a published app has them in wwwroot and this does nothing there.
builder.WebHost.UseStaticWebAssets();

// Static SSR for the pages people read; interactive server rendering for the admin pages, where people work.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddRadzenComponents();
builder.Services.AddHttpContextAccessor();
builder.AddDashboardSecurity();
// Data-protection keys live in the app store (shared by instances); protect the store itself (docs/security.md).
builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDashboardData();
// The post-assessment's workflow over the app store and the request's snapshot's AssessmentService.
builder.Services.AddAssessmentWorkflow();
// A page is a pure function of its URL, the data version, the model snapshot and what the user may see (scope, roles,
// personal-data permission): rendered once, served from memory until one changes (PageCachePolicy).
// Bounded: URLs with made-up parameters are distinct entries, so the cache has a size limit and evicts.
builder.Services.AddOutputCache(options =>
{
    options.SizeLimit = 64L * 1024 * 1024;
    options.AddPolicy(DashboardData.PageCachePolicy, new PageCachePolicy());
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
    // Load (never train) the latest models now too, so the first county page does not wait for scoring; the warning list
    // takes the households' probabilities into SQL, for sorting by risk. Later versions are loaded in the background.
    app.Services.GetRequiredService<AnalyticsContext>().Warm();
    // Users, roles, scopes and the audit log: migrated before the app listens.
    await app.PrepareAppStoreAsync();
}
catch (Exception e) when (e is DashboardDataException or RevivalAnalytics.AppStore.AppStoreException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Behind a TLS reverse proxy (docs/security.md) the client's address and scheme come from X-Forwarded-*.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
if (app.Configuration.GetValue("Revival:Security:RequireHttps", false))
{
    app.UseHsts();
}

app.UseUrlLanguage();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// A bodiless error status (an unknown page, say) is answered by the friendly, bilingual page;
// the HTTP API writes ProblemDetails bodies itself, so it never reaches this.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseDashboardSecurity();
app.UseOutputCache();
app.MapStaticAssets().AllowAnonymous();
app.MapHealthApi();
app.MapAccountApi();
app.MapAuditApi();
app.MapKpisApi();
app.MapCountiesApi();
app.MapClassesApi();
app.MapWarningsApi();
app.MapModelsApi();
app.MapSqlApi();
app.MapWorkbenchApi();
app.MapAssessmentApi();
app.MapAssessmentSchemesApi();
app.MapApiNotFound();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .CacheOutput(DashboardData.PageCachePolicy);

app.Run();
return 0;
