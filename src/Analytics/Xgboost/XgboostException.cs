namespace RevivalAnalytics.Xgboost;

/// <summary>
/// XGBoost refused a call or a model file. <see cref="Exception.Message"/> is bilingual and ends with
/// XGBoost's own message, which <see cref="NativeMessage"/> holds alone.
/// </summary>
public sealed class XgboostException : Exception
{
    /// <summary>Creates an exception for a failed C API call.</summary>
    /// <param name="function">The C API function that failed.</param>
    /// <param name="nativeMessage">XGBoost's message (XGBGetLastError) without its log prefix and stack trace.</param>
    /// <param name="nativeDetails">XGBoost's message as it wrote it, native stack trace included.</param>
    public XgboostException(string function, string nativeMessage, string? nativeDetails = null)
        : this($"XGBoost 调用 {function} 失败 / XGBoost call {function} failed: {nativeMessage}", function, nativeMessage, null)
    {
        NativeDetails = nativeDetails;
    }

    /// <summary>Creates an exception with a message of our own, keeping XGBoost's message when there is one.</summary>
    /// <param name="message">The bilingual message shown to users.</param>
    /// <param name="function">The C API function that failed, if any.</param>
    /// <param name="nativeMessage">XGBoost's message, if any.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public XgboostException(string message, string? function, string? nativeMessage, Exception? innerException)
        : base(message, innerException)
    {
        Function = function;
        NativeMessage = nativeMessage;
    }

    /// <summary>The C API function that failed, or null when the check was ours.</summary>
    public string? Function { get; }

    /// <summary>XGBoost's own message, or null when the check was ours.</summary>
    public string? NativeMessage { get; }

    /// <summary>XGBoost's full message with its source location and native stack trace, for logs; or null.</summary>
    public string? NativeDetails { get; init; }
}
