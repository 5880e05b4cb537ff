using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>
/// Sign-in, roles and the request pipeline's protections: ASP.NET Core Identity over the app store (hashed passwords,
/// lockout, optional TOTP), a cookie (HttpOnly, SameSite=Strict, Secure behind TLS) revalidated on every request,
/// capability policies, a rate limit on sign-in, antiforgery, forwarded headers from known proxies, and the security
/// headers (docs/security.md).
/// </summary>
internal static class DashboardSecurity
{
    /// <summary>The rate-limit policy of the sign-in endpoints.</summary>
    public const string SignInRateLimit = "sign-in";

    /// <summary>The sign-in cookie's name.</summary>
    public const string CookieName = "revival.auth";

    public static WebApplicationBuilder AddDashboardSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var storeSection = configuration.GetSection(AppStoreOptions.Section);
        var provider = string.Equals(storeSection["Provider"], "postgres", StringComparison.OrdinalIgnoreCase)
            || string.Equals(storeSection["Provider"], "postgresql", StringComparison.OrdinalIgnoreCase)
            ? AppStoreProvider.Postgres
            : AppStoreProvider.Sqlite;
        // The default SQLite file lives in the data directory, which is only resolved (and checked) when first needed.
        services.AddAppStore(provider, sp => AppStoreOptions.FromConfiguration(
            configuration,
            string.IsNullOrWhiteSpace(storeSection["ConnectionString"]) ? DashboardData.ResolveDataDirectory(configuration, sp.GetRequiredService<IHostEnvironment>()) : "."));
        services.AddMemoryCache();
        services.AddSingleton<UserAccessValidator>();
        services.AddScoped<DashboardAudit>();
        services.AddHostedService<AuditRetention>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AppUser>(AppStoreServices.ConfigureAccounts)
            .AddRoles<AppRole>()
            .AddErrorDescriber<BilingualIdentityErrors>()
            .AddEntityFrameworkStores<AppStoreDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppUserClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddDataProtection().SetApplicationName("RevivalAnalytics").PersistKeysToDbContext<AppStoreDbContext>();

        var requireHttps = configuration.GetValue("Revival:Security:RequireHttps", false);
        var securePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
            options.LoginPath = "/signin";
            options.AccessDeniedPath = "/denied";
            options.ReturnUrlParameter = "returnUrl";
            options.ExpireTimeSpan = TimeSpan.FromHours(configuration.GetValue("Revival:Security:SessionHours", 8.0));
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = UserAccessValidator.ValidateAsync;
            // The HTTP API answers 401/403 with ProblemDetails; pages redirect to the sign-in or access-denied page.
            options.Events.OnRedirectToLogin = context => IsApi(context.Request)
                ? ApiRefusal(context.Response, StatusCodes.Status401Unauthorized, "需要登录", "sign-in required")
                : Redirect(context);
            options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                ? ApiRefusal(context.Response, StatusCodes.Status403Forbidden, "您的角色或数据范围不允许此操作", "your roles or data scope do not allow this")
                : Redirect(context);
        });
        services.ConfigureExternalCookie(options => options.Cookie.SecurePolicy = securePolicy);
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.SecurePolicy = securePolicy;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "revival.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
        });

        services.AddScoped<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider, FormPagesAntiforgery>();
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CapabilityHandler>();
        services.AddCascadingAuthenticationState();

        var permits = configuration.GetValue("Revival:Security:SignInPermitsPerMinute", 10);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address: a password-guessing loop is slowed down before the per-account lockout even counts.
            options.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.HttpContext.Response.Headers.Location = "/signin?error=throttled";
                return ValueTask.CompletedTask;
            };
        });

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback proxies are trusted by default; a proxy on another machine must be named.
            foreach (var address in (configuration["Revival:Security:KnownProxies"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }
        });
        return builder;
    }

    /// <summary>Forwarded headers, security headers, then authentication, authorization, the sign-in rate limit and
    /// antiforgery, in that order (the output cache comes after them, so a cached page is only served to a user who
    /// may see it).</summary>
    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Applies pending migrations of the app store and its audit retention setting; a store that cannot be
    /// opened stops the app with one sentence.</summary>
    public static async Task PrepareAppStoreAsync(this WebApplication app)
    {
        await AppStoreMigrations.MigrateAsync(app.Services);
        var days = app.Configuration.GetValue("Revival:Audit:RetentionDays", 365);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppStore.Audit.AuditLog>().SetRetentionDaysAsync(days, "config");
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task ApiRefusal(HttpResponse response, int status, string chinese, string english)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(
            new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Title = string.Create(CultureInfo.InvariantCulture, $"{chinese} / {english}"),
                Detail = $"{chinese} / {english}.",
            },
            options: null,
            contentType: "application/problem+json");
    }
}
