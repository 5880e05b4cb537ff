using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>How the store keeps the post-assessment's records that are documents rather than rows (a county's scored
/// result with its trace, a field-check sample): JSON with enum names, readable Chinese, computed properties left out.</summary>
internal static class AssessmentJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        IgnoreReadOnlyProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"空的 {typeof(T).Name} 记录 / empty {typeof(T).Name} record");

    public static string WriteScheme(AssessmentScheme scheme)
    {
        using var stream = new MemoryStream();
        SchemeFile.Write(scheme, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static AssessmentScheme ReadScheme(string json, string name)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return SchemeFile.Read(stream, name);
    }
}

/// <summary>A county's result as published: the scored county with its trace, and its field-check estimates.</summary>
/// <param name="County">The county's result.</param>
/// <param name="FieldCheck">Its field-check estimates, if the county had a field check.</param>
internal sealed record PublishedDocument(CountyAssessment County, FieldCheckEstimates? FieldCheck);
