namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>No verification job has the id, or it has expired (HTTP 404).</summary>
public sealed class VerificationJobNotFoundException(string id) : Exception($"Verification {id} not found");
