using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.Infrastructure.Verifications;

/// <summary>The <c>Verifications</c> section: the queue of asynchronous verifications and this instance's workers.</summary>
public sealed class VerificationOptions
{
    public const string SectionName = "Verifications";

    /// <summary>Jobs queued on the database (every instance together) past which a new one gets 503.</summary>
    [SettingRange("Verifications:MaxQueued", 1, 100_000)]
    public int MaxQueued { get; set; } = 1000;

    /// <summary>Jobs one caller may have queued or running; one more gets 429.</summary>
    [SettingRange("Verifications:MaxQueuedPerClient", 1, 10_000)]
    public int MaxQueuedPerClient { get; set; } = 10;

    /// <summary>Jobs this instance runs at once; 0: it only queues jobs and answers their reads.</summary>
    [SettingRange("Verifications:Workers", 0, 100)]
    public int Workers { get; set; } = 4;

    /// <summary>How often an idle instance looks for jobs queued elsewhere; a job queued here wakes it at once.</summary>
    [SettingRange("Verifications:PollMilliseconds", 50, 10_000)]
    public int PollMilliseconds { get; set; } = 500;

    /// <summary>How long a claim on a job lasts unless renewed (every third of it while the job runs); then another instance may take the job over.</summary>
    [SettingRange("Verifications:LeaseSeconds", 5, 600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>Claims of a job (its instance died while running it each time) before it is failed for good.</summary>
    [SettingRange("Verifications:MaxAttempts", 1, 10)]
    public int MaxAttempts { get; set; } = 3;
}
