namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>
/// A verification job that waited in the queue as long as an ended one is kept, with no instance
/// to run it (none has workers, or each died): the job's result (HTTP 503), and its password erased.
/// </summary>
public sealed class VerificationExpiredException()
    : Exception("The verification waited 24 hours in the queue without being run; send the request again");
