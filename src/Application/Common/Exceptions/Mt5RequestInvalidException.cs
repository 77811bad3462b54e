using AccountRegistry.Application.Common.Interfaces;

namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// The request cannot be verified as given (HTTP 400): its server or terminal path is not allowed,
/// or a value cannot be handed to a terminal. Nothing was launched. <see cref="Problem"/> is which.
/// </summary>
public sealed class Mt5RequestInvalidException(string detail, Mt5RequestProblem problem) : Exception(detail)
{
    public Mt5RequestProblem Problem { get; } = problem;
}
