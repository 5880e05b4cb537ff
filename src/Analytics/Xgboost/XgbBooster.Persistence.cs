using System.Globalization;

namespace RevivalAnalytics.Xgboost;

public sealed partial class XgbBooster
{
    /// <summary>
    /// Reads a model saved by <see cref="Save"/> (or by any XGBoost ≥ 1.0 as .json or .ubj).
    /// </summary>
    /// <param name="path">A <c>.json</c> or <c>.ubj</c> model file.</param>
    /// <param name="threads">Threads for prediction; the file does not record them.</param>
    /// <returns>The booster, which the caller disposes.</returns>
    /// <exception cref="ArgumentException">The extension is neither .json nor .ubj.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="XgboostException">The file is corrupt or not an XGBoost model; the message names the file.</exception>
    public static XgbBooster Load(string path, int? threads = null)
    {
        var fullPath = CheckModelPath(path);
        var threadCount = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount, nameof(threads));
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"找不到模型文件 {fullPath} / model file not found: {fullPath}", fullPath);
        }

        unsafe
        {
            NativeMethods.Check(NativeMethods.XGBoosterCreate(null, 0, out var handle), nameof(NativeMethods.XGBoosterCreate));
            try
            {
                if (NativeMethods.XGBoosterLoadModel(handle, fullPath) != 0)
                {
                    var (native, details) = NativeMethods.LastError();
                    throw new XgboostException(
                        $"模型文件 {fullPath} 已损坏或不是 XGBoost 模型 / model file {fullPath} is corrupt or not an XGBoost model: {native}",
                        nameof(NativeMethods.XGBoosterLoadModel),
                        native,
                        null)
                    {
                        NativeDetails = details,
                    };
                }

                SetParameter(handle, "nthread", threadCount.ToString(CultureInfo.InvariantCulture));
                var bestIteration = GetAttribute(handle, "best_iteration") is { } iteration
                    ? int.Parse(iteration, NumberStyles.Integer, CultureInfo.InvariantCulture)
                    : (int?)null;
                var bestScore = GetAttribute(handle, "best_score") is { } score
                    ? double.Parse(score, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : (double?)null;
                return new XgbBooster(handle, threadCount, [], bestIteration, bestScore);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Saves the model: <c>.json</c> for JSON, <c>.ubj</c> for Universal Binary JSON (smaller, faster to read).
    /// The file is written beside the target and moved over it, so readers never see half a model.
    /// </summary>
    /// <param name="path">The target file; its folder must exist.</param>
    /// <exception cref="ArgumentException">The extension is neither .json nor .ubj.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="XgboostException">XGBoost could not write the file.</exception>
    public void Save(string path)
    {
        var fullPath = CheckModelPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"模型文件夹 {folder} 不存在 / model folder not found: {folder}");
        }

        // XGBoost chooses the format from the extension, so the temporary name keeps it.
        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}";
        try
        {
            lock (_gate)
            {
                if (NativeMethods.XGBoosterSaveModel(Handle, temporary) != 0)
                {
                    var (native, details) = NativeMethods.LastError();
                    throw new XgboostException(
                        $"无法写入模型文件 {fullPath} / could not write model file {fullPath}: {native}",
                        nameof(NativeMethods.XGBoosterSaveModel),
                        native,
                        null)
                    {
                        NativeDetails = details,
                    };
                }
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static unsafe string? GetAttribute(BoosterHandle booster, string key)
    {
        NativeMethods.Check(NativeMethods.XGBoosterGetAttr(booster, key, out var value, out var found), nameof(NativeMethods.XGBoosterGetAttr));
        return found != 0 ? NativeMethods.CopyString(value) : null;
    }

    private static string CheckModelPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var extension = Path.GetExtension(path);
        if (!extension.Equals(".json", StringComparison.Ordinal) && !extension.Equals(".ubj", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"模型文件 {path} 的扩展名必须是 .json 或 .ubj / model file {path} must end in .json or .ubj.", nameof(path));
        }

        return Path.GetFullPath(path);
    }
}
