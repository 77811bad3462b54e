using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi;

/// <summary>
/// Start-up refusals: a configuration the service will not run with. Each problem becomes one
/// line for the operator, with no stack trace; anything else is a fault, and keeps its trace.
/// </summary>
internal static class StartupRefusal
{
    /// <summary>One line per problem when <paramref name="exception"/> is a refusal; empty when it is a fault.</summary>
    public static IReadOnlyList<string> Problems(Exception exception)
    {
        var problems = new List<string>();
        return Collect(exception, problems) ? problems : [];
    }

    private static bool Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case OptionsValidationException invalid:
                problems.AddRange(invalid.Failures);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, problems));
            // The configuration binder's own complaint: a value of the wrong type (Lockout:MaxFailures=abc).
            case InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                problems.Add(exception.Message);
                return true;
            default:
                return false;
        }
    }
}
