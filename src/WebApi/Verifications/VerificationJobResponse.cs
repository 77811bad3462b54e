using System.ComponentModel;
using System.Text.Json;
using AccountRegistry.Application.Verifications;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>A verification job as <c>GET /api/v1/verifications/{id}</c> (and the 202 that queued it) gives it.</summary>
[Description("A verification queued with Prefer: respond-async, and its result once it has ended.")]
public sealed record VerificationJobResponse(
    [property: Description("The job's id: random, and the only way to read it")] string Id,
    [property: Description("register, password_change or verify: the endpoint it was queued at")] string Kind,
    [property: Description("queued, running, succeeded (its result is a 2xx) or failed (any other result)")] string Status,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    [property: Description("Once the job has ended: what the synchronous call would have answered; null before")] VerificationJobResult? Result)
{
    public static VerificationJobResponse From(VerificationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new VerificationJobResponse(
            job.Id,
            VerificationNames.Of(job.Kind),
            VerificationNames.Of(job.Status),
            job.CreatedAt.UtcDateTime,
            job.StartedAt?.UtcDateTime,
            job.FinishedAt?.UtcDateTime,
            job.HasEnded && job.ResultStatus is { } status ? new VerificationJobResult(status, Parse(job.ResultBody)) : null);
    }

    private static JsonElement? Parse(string? body)
    {
        if (body is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

/// <summary>The answer a job's synchronous call would have given.</summary>
[Description("The status and body the synchronous call would have answered: 201 with the account, 400 with its detail, 204 with no body, ...")]
public sealed record VerificationJobResult(
    [property: Description("The HTTP status")] int StatusCode,
    [property: Description("The JSON body; null when the status has none (204)")] JsonElement? Body);
