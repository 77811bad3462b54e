namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>No verification job has the id, or it has expired (HTTP 404).</summary>
public sealed class VerificationJobNotFoundException : Exception
{
    /// <summary>For a well-formed id, which the detail names.</summary>
    public VerificationJobNotFoundException(string id)
        : base($"Verification {id} not found")
    {
    }

    /// <summary>For a path that cannot be a job's id, which is not echoed.</summary>
    public VerificationJobNotFoundException()
        : base("Verification not found")
    {
    }
}
