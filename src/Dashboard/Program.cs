using System.Text.Encodings.Web;
using System.Text.Unicode;
using Radzen;
using RevivalAnalytics.Dashboard.Apis;
using RevivalAnalytics.Dashboard.Components;
using RevivalAnalytics.Dashboard.Localization;

var builder = WebApplication.CreateBuilder(args);
// Serve package assets (Radzen's CSS) from a build output in every environment, not only Development;
// a published app has them in wwwroot and this does nothing there.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents();
builder.Services.AddRadzenComponents();
builder.Services.AddProblemDetails();
builder.Services.AddSingleton(TimeProvider.System);
// Write Chinese as characters, not &#x...; entities: pages are half the size and readable in tests.
builder.Services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

var app = builder.Build();

app.UseUrlLanguage();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// A bodiless error status (an unknown page, say) is answered by the friendly, bilingual page;
// the HTTP API writes ProblemDetails bodies itself, so it never reaches this.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthApi();
app.MapApiNotFound();
app.MapRazorComponents<App>();

app.Run();
