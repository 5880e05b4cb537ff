using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Forms;

namespace RevivalAnalytics.Dashboard.Security;

/// <summary>
/// Antiforgery tokens only on the pages that post forms (sign-in, account). With interactive rendering switched on,
/// Blazor would otherwise make a token for every page it renders, which sets a cookie and marks the response no-store,
/// so no reading page could be output-cached; and a token cached for one user would be wrong for the next. The admin
/// pages work through their circuit and post no forms.
/// </summary>
internal sealed class FormPagesAntiforgery(IHttpContextAccessor accessor, IAntiforgery antiforgery) : AntiforgeryStateProvider
{
    private static readonly string[] s_formPages = ["/signin", "/account"];

    public override AntiforgeryRequestToken? GetAntiforgeryToken()
    {
        var context = accessor.HttpContext;
        if (context is null || !s_formPages.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return tokens.RequestToken is null ? null : new AntiforgeryRequestToken(tokens.RequestToken, tokens.FormFieldName);
    }
}
