namespace RevivalAnalytics.Data.Scope;

/// <summary>
/// A request for data outside the caller's <see cref="DataScope"/> (a county or prefecture the user may not see).
/// Carries the parameter that named it; the message (Chinese, then English) names the code, never any of its data.
/// Hosts answer it with 403.
/// </summary>
public sealed class OutOfScopeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="parameterName">The parameter that named the place (<c>county</c>, <c>prefecture</c>, <c>code</c>).</param>
    /// <param name="code">The county or prefecture code asked for.</param>
    /// <param name="scope">The caller's scope.</param>
    public OutOfScopeException(string parameterName, int code, DataScope scope)
        : base($"{code} 不在您的数据范围（{scope}）内 / {code} is outside your data scope ({scope})")
    {
        ArgumentNullException.ThrowIfNull(scope);
        ParameterName = parameterName;
        Code = code;
    }

    /// <summary>Creates the exception.</summary>
    public OutOfScopeException()
    {
        ParameterName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public OutOfScopeException(string message)
        : base(message)
    {
        ParameterName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OutOfScopeException(string message, Exception innerException)
        : base(message, innerException)
    {
        ParameterName = string.Empty;
    }

    /// <summary>The parameter that named the place.</summary>
    public string ParameterName { get; }

    /// <summary>The code asked for.</summary>
    public int Code { get; }
}
