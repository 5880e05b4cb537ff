using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using RevivalAnalytics.Xgboost;

namespace RevivalAnalytics.Models;

/// <summary>
/// Versioned models under <c>DATA_DIR/models/&lt;id&gt;/</c>: <c>metadata.json</c> and the booster file. A model
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

    internal string Save(ModelMetadata metadata, XgbBooster booster)
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
            var boosterPath = Path.Combine(staging, metadata.BoosterFile);
            booster.Save(boosterPath);
            var complete = metadata with { BoosterSha256 = HashFile(boosterPath) };
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

    /// <summary>Finds the folder of the requested (or latest) model of a kind and checks that it is complete.</summary>
    internal (ModelMetadata Metadata, XgbBooster Booster) Load(string kind, string? id, IReadOnlyList<string> expectedFeatures, int? threads)
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

        var boosterPath = Path.Combine(folder, metadata.BoosterFile);
        if (!File.Exists(boosterPath))
        {
            throw new ModelException(ModelErrorKind.ModelMissing, $"模型文件 {boosterPath} 不存在。Model file {boosterPath} is missing.");
        }

        var hash = HashFile(boosterPath);
        if (!string.Equals(hash, metadata.BoosterSha256, StringComparison.Ordinal))
        {
            throw new ModelException(
                ModelErrorKind.ModelCorrupt,
                $"模型文件 {boosterPath} 已损坏或被替换(SHA-256 与 {MetadataFile} 不符)。Model file {boosterPath} is corrupt or was replaced: its SHA-256 differs from {MetadataFile}.");
        }

        XgbBooster booster;
        try
        {
            booster = XgbBooster.Load(boosterPath, threads);
        }
        catch (XgboostException error)
        {
            throw new ModelException(ModelErrorKind.ModelCorrupt, error.Message, error);
        }

        if (booster.FeatureCount != expectedFeatures.Count)
        {
            booster.Dispose();
            throw new ModelException(
                ModelErrorKind.ModelMismatch,
                $"模型文件 {boosterPath} 有 {booster.FeatureCount} 个特征,{MetadataFile} 记录 {expectedFeatures.Count} 个。Model file {boosterPath} has {booster.FeatureCount} features, {MetadataFile} lists {expectedFeatures.Count}.");
        }

        return (metadata, booster);
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
