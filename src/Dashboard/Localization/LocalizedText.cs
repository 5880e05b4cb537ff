namespace RevivalAnalytics.Dashboard.Localization;

/// <summary>
/// A piece of UI text written once in both languages. It renders in the language of the current
/// request (see <see cref="UiLanguage"/>), so markup can write <c>@UiText.AppTitle</c> directly.
/// </summary>
/// <param name="Zh">Simplified Chinese text, the default.</param>
/// <param name="En">English text.</param>
public sealed record LocalizedText(string Zh, string En)
{
    /// <summary>The text in the current request's language.</summary>
    public string Current => UiLanguage.IsEnglish ? En : Zh;

    /// <inheritdoc />
    public override string ToString() => Current;
}
