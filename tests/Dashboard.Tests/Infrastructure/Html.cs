using AngleSharp;
using AngleSharp.Dom;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

internal static class Html
{
    public static async Task<IDocument> ParseAsync(string html)
    {
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        return await ParseAsync(html);
    }
}
