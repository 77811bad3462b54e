namespace AccountRegistry.Domain.Common;

/// <summary>
/// Raised when a value would break an entity's invariant. Requests are validated before they reach
/// the domain, so seeing this at run time means a validation rule is missing upstream.
/// </summary>
public sealed class DomainRuleViolationException : Exception
{
    public DomainRuleViolationException(string message) : base(message)
    {
    }

    public DomainRuleViolationException()
    {
    }

    public DomainRuleViolationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
