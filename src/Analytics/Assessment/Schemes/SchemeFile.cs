using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// A scheme as a file: indented JSON with snake_case names and readable Chinese, so two versions diff line by line.
/// Reading checks the format (unknown or missing fields fail, naming the line and path) and then the content
/// (<see cref="SchemeValidator"/>); nothing half-read is ever returned.
/// </summary>
public static class SchemeFile
{
    private const string DefaultResource = "RevivalAnalytics.Assessment.default-scheme.json";

    internal static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        AllowOutOfOrderMetadataProperties = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The scheme shipped with the product (docs/assessment.md): a proposal built from published practice,
    /// for the province to confirm or edit, set to <paramref name="year"/>.</summary>
    /// <param name="year">The assessment year.</param>
    public static AssessmentScheme Default(int year)
    {
        using var stream = typeof(SchemeFile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"缺少内置方案资源 / embedded resource {DefaultResource} is missing");
        return Read(stream, "default-scheme.json") with { Year = year };
    }

    /// <summary>Reads and validates a scheme file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="catalog">KPIs the scheme may name; null for <see cref="KpiCatalog.Default"/>.</param>
    /// <returns>The scheme.</returns>
    /// <exception cref="SchemeValidationException">The file is not a valid scheme; every problem names the line or the
    /// indicator and field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AssessmentScheme Read(string path, KpiCatalog? catalog = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), catalog);
    }

    /// <summary>Reads and validates a scheme from <paramref name="stream"/>.</summary>
    /// <param name="stream">UTF-8 JSON.</param>
    /// <param name="name">The file's name, for messages.</param>
    /// <param name="catalog">KPIs the scheme may name; null for <see cref="KpiCatalog.Default"/>.</param>
    /// <returns>The scheme.</returns>
    /// <exception cref="SchemeValidationException">Not a valid scheme.</exception>
    public static AssessmentScheme Read(Stream stream, string name, KpiCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AssessmentScheme? scheme;
        try
        {
            scheme = JsonSerializer.Deserialize<AssessmentScheme>(stream, Options);
        }
        catch (JsonException error)
        {
            var line = error.LineNumber is { } l ? l + 1 : 0;
            throw new SchemeValidationException([new SchemeProblem(
                error.Path ?? "$", null, "json",
                $"方案文件 {name} 第 {line} 行({error.Path})格式错误:{Describe(error)}",
                $"scheme file {name}, line {line} ({error.Path}): {Describe(error)}")]);
        }

        if (scheme is null)
        {
            throw new SchemeValidationException([new SchemeProblem("$", null, "json", $"方案文件 {name} 为空", $"scheme file {name} is empty")]);
        }

        var problems = SchemeValidator.Validate(scheme, catalog ?? KpiCatalog.Default);
        return problems.Count == 0 ? scheme : throw new SchemeValidationException(problems);
    }

    /// <summary>Writes <paramref name="scheme"/> as indented JSON (UTF-8, no BOM).</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(AssessmentScheme scheme, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, scheme, Options);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes <paramref name="scheme"/> to <paramref name="path"/> through a temporary file, so a crash never
    /// leaves half a scheme under that name.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="path">Target file.</param>
    public static void Write(AssessmentScheme scheme, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temporary = full + $".writing-{Environment.ProcessId}";
        using (var stream = File.Create(temporary))
        {
            Write(scheme, stream);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>16 hex digits of a SHA-256 over the scheme's canonical JSON: two schemes with the same fingerprint
    /// score alike, so a result can prove which scheme it was scored with even if the version was not raised.</summary>
    /// <param name="scheme">The scheme.</param>
    public static string Fingerprint(AssessmentScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(scheme, Options);
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    // System.Text.Json's messages are English and name CLR types; keep the part that names the field.
    private static string Describe(JsonException error)
    {
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Replace(typeof(AssessmentScheme).Namespace + ".", string.Empty, StringComparison.Ordinal);
    }
}
