namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>An act on the post-assessment that its rules refuse (a state that does not allow it, a published result,
/// a missing entry, a reviewer reviewing their own submission); nothing was changed. The message is Chinese, then
/// English, and names the county and what is wrong.</summary>
public sealed class AssessmentWorkflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="messageZh">Why, in Chinese.</param>
    /// <param name="messageEn">Why, in English.</param>
    public AssessmentWorkflowException(string messageZh, string messageEn)
        : base($"{messageZh} / {messageEn}")
    {
        MessageZh = messageZh;
        MessageEn = messageEn;
    }

    /// <summary>Creates the exception.</summary>
    public AssessmentWorkflowException()
        : this("操作被拒绝", "the act was refused")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AssessmentWorkflowException(string message)
        : base(message)
    {
        MessageZh = message;
        MessageEn = message;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AssessmentWorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
        MessageZh = message;
        MessageEn = message;
    }

    /// <summary>Why, in Chinese.</summary>
    public string MessageZh { get; }

    /// <summary>Why, in English.</summary>
    public string MessageEn { get; }
}
