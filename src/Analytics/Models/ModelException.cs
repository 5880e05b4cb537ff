namespace RevivalAnalytics.Models;

/// <summary>What went wrong when a model was trained, stored or loaded.</summary>
public enum ModelErrorKind
{
    /// <summary>No model, or a file of a model, is where it should be.</summary>
    ModelMissing,

    /// <summary>A model file exists but cannot be read (truncated, not JSON, not an XGBoost model, hash differs).</summary>
    ModelCorrupt,

    /// <summary>A model file belongs to another model kind, format or feature set than the code expects.</summary>
    ModelMismatch,

    /// <summary>The data hold too few years to train or evaluate the model time-correctly.</summary>
    InsufficientHistory,

    /// <summary>The data the model reads are missing or unreadable.</summary>
    DataMissing,
}

/// <summary>
/// A model could not be trained, stored or loaded. The message is bilingual (Chinese first, then English) and
/// names the file, folder or parameter that is wrong.
/// </summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">Bilingual message naming what is wrong.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public ModelException(ModelErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong.</summary>
    public ModelErrorKind Kind { get; }
}
