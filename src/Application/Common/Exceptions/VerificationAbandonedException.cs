namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// A verification job whose instance died while running it, as many times as it may be tried: the
/// job's result (HTTP 503). Whatever it did before it died stands; the request may be sent again.
/// </summary>
public sealed class VerificationAbandonedException()
    : Exception("The verification was abandoned by its instance, which stopped while running it; send the request again");
