using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace RevivalAnalytics.Models;

/// <summary>
/// Versioned models under <c>DATA_DIR/models/&lt;id&gt;/</c>: <c>metadata.json</c> and ML.NET's <c>model.zip</c>. A model
/// folder is written under a temporary name and renamed when complete, so a reader never sees half a model.
/// The latest model of a kind is the one with the latest <see cref="ModelMetadata.CreatedUtc"/>.
/// </summary>
public sealed class ModelStore
{
    internal const string MetadataFile = "metadata.json";

    // Metrics may be NaN (e.g. the AUC of a class without a single returning household in the test year).
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Creates a store over <paramref name="dataDirectory"/>/models (created when the first model is saved).</summary>
    /// <param name="dataDirectory">The data directory (DATA_DIR).</param>
    public ModelStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Root = Path.Combine(Path.GetFullPath(dataDirectory), "models");
    }

    /// <summary>The folder holding one sub-folder per model.</summary>
    public string Root { get; }

    /// <summary>The metadata of every readable model of <paramref name="kind"/>, newest first; unreadable folders are skipped.</summary>
    /// <param name="kind"><c>risk</c> or <c>income</c>.</param>
    /// <returns>The models' metadata.</returns>
    public IReadOnlyList<ModelMetadata> List(string kind)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var result = new List<ModelMetadata>();
        foreach (var folder in Directory.EnumerateDirectories(Root, kind + "-*"))
        {
            try
            {
                result.Add(ReadMetadata(folder));
            }
            catch (ModelException)
            {
                // A broken folder is reported when someone asks for that model, not when listing.
            }
        }

        return [.. result.Where(m => m.Kind == kind).OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>The folder of model <paramref name="id"/>.</summary>
    /// <param name="id">A model id.</param>
    /// <returns>The folder path (which may not exist).</returns>
    public string FolderOf(string id) => Path.Combine(Root, id);

    /// <summary>The id of the model of <paramref name="kind"/> that loading without an id picks (the latest folder), or
    /// null; one directory listing, cheap enough to poll for a newly trained model.</summary>
    /// <param name="kind"><c>risk</c> or <c>income</c>.</param>
    /// <returns>The folder name, which is the model id.</returns>
    public string? LatestId(string kind) =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root, kind + "-*").Select(Path.GetFileName).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;

    internal static string NewId(string kind, DateTimeOffset created, string fingerprint) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{created.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{fingerprint[..Math.Min(8, fingerprint.Length)]}");

    /// <summary>ML.NET's model file inside a model folder.</summary>
    internal const string ModelFileName = "model.zip";

    /// <summary>Writes a model folder: <paramref name="writeModel"/> (if any) writes ML.NET's zip to the path it is given.</summary>
    internal string Save(ModelMetadata metadata, Action<string>? writeModel)
    {
        Directory.CreateDirectory(Root);
        var target = FolderOf(metadata.Id);
        var staging = Path.Combine(Root, $".{metadata.Id}.writing-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            var complete = metadata with { ModelFile = null, ModelSha256 = "" };
            if (writeModel is not null)
            {
                var modelPath = Path.Combine(staging, ModelFileName);
                writeModel(modelPath);
                complete = metadata with { ModelFile = ModelFileName, ModelSha256 = HashFile(modelPath) };
            }

            File.WriteAllText(Path.Combine(staging, MetadataFile), JsonSerializer.Serialize(complete, s_json));
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return target;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Finds the folder of the requested (or latest) model of a kind and checks it: kind, format, features, and the
    /// model file's hash. Returns the metadata and the path of ML.NET's zip (null for a model without one).
    /// </summary>
    internal (ModelMetadata Metadata, string? ModelPath) Load(string kind, string? id, IReadOnlyList<string> expectedFeatures)
    {
        string folder;
        if (id is not null)
        {
            folder = FolderOf(id);
            if (!Directory.Exists(folder))
            {
                throw new ModelException(ModelErrorKind.ModelMissing, $"找不到模型 {id}(目录 {folder} 不存在)。Model {id} not found: folder {folder} does not exist.");
            }
        }
        else
        {
            var latest = LatestId(kind);
            folder = latest is not null ? FolderOf(latest) : throw new ModelException(
                ModelErrorKind.ModelMissing,
                $"{Root} 中没有 {kind} 模型,请先运行 revival train。No {kind} model in {Root}; run `revival train` first.");
        }

        var metadata = ReadMetadata(folder);
        if (metadata.Kind != kind)
        {
            throw new ModelException(ModelErrorKind.ModelMismatch, $"模型 {folder} 的类型是 {metadata.Kind},需要 {kind}。Model {folder} is a {metadata.Kind} model, not {kind}.");
        }

        if (!metadata.Features.SequenceEqual(expectedFeatures, StringComparer.Ordinal))
        {
            var missing = string.Join(", ", expectedFeatures.Except(metadata.Features, StringComparer.Ordinal).Take(5));
            var extra = string.Join(", ", metadata.Features.Except(expectedFeatures, StringComparer.Ordinal).Take(5));
            throw new ModelException(
                ModelErrorKind.ModelMismatch,
                $"模型 {folder} 的特征与当前程序不一致(缺少:{missing};多出:{extra}),请重新训练。Model {folder} was trained on other features than this program uses (missing: {missing}; extra: {extra}); retrain it.");
        }

        if (metadata.ModelFile is null)
        {
            return (metadata, null);
        }

        var modelPath = Path.Combine(folder, metadata.ModelFile);
        if (!File.Exists(modelPath))
        {
            throw new ModelException(ModelErrorKind.ModelMissing, $"模型文件 {modelPath} 不存在。Model file {modelPath} is missing.");
        }

        if (!string.Equals(HashFile(modelPath), metadata.ModelSha256, StringComparison.Ordinal))
        {
            throw new ModelException(
                ModelErrorKind.ModelCorrupt,
                $"模型文件 {modelPath} 已损坏或被替换(SHA-256 与 {MetadataFile} 不符)。Model file {modelPath} is corrupt or was replaced: its SHA-256 differs from {MetadataFile}.");
        }

        return (metadata, modelPath);
    }

    private static ModelMetadata ReadMetadata(string folder)
    {
        var path = Path.Combine(folder, MetadataFile);
        if (!File.Exists(path))
        {
            throw new ModelException(ModelErrorKind.ModelMissing, $"模型元数据 {path} 不存在。Model metadata {path} is missing.");
        }

        ModelMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(File.ReadAllText(path), s_json);
        }
        catch (JsonException error)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型元数据 {path} 已损坏:{error.Message}。Model metadata {path} is corrupt: {error.Message}", error);
        }

        if (metadata is null)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, $"模型元数据 {path} 为空。Model metadata {path} is empty.");
        }

        // Format 1 was only ever written by the XGBoost engine this program no longer has.
        if (metadata.FormatVersion == 1)
        {
            throw new ModelException(
                ModelErrorKind.ModelMismatch,
                $"模型 {folder} 由旧版 XGBoost 引擎训练,本程序已改用 ML.NET,无法读取;请运行 revival train 重新训练。Model {folder} was trained by the former XGBoost engine; this program runs on ML.NET and cannot read it. Retrain with `revival train`.");
        }

        if (metadata.FormatVersion != ModelMetadata.CurrentFormatVersion)
        {
            throw new ModelException(
                ModelErrorKind.ModelMismatch,
                $"模型元数据 {path} 的格式版本为 {metadata.FormatVersion},本程序读取版本 {ModelMetadata.CurrentFormatVersion}。Model metadata {path} has format version {metadata.FormatVersion}; this program reads version {ModelMetadata.CurrentFormatVersion}.");
        }

        return metadata;
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
