using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Verifications;
using AccountRegistry.Infrastructure.Verifications;
using Microsoft.Extensions.Options;

namespace AccountRegistry.WebApi.Verifications;

/// <summary>
/// This instance's share of the verification jobs: up to <c>Verifications:Workers</c> at once. It
/// claims a job only when it has a free slot (one conditional UPDATE: any number of instances may
/// poll one database), renews the claim's lease every third of it while the job runs, and stores
/// the job's end in one statement that also erases its password. A job whose lease ran out (its
/// instance died) is claimed again; after <c>Verifications:MaxAttempts</c> claims it is failed
/// (503) instead. At shutdown, jobs still running go back in the queue. Ended jobs are removed a
/// day after they ended.
/// </summary>
internal sealed partial class VerificationWorker(
    IVerificationJobStore jobs,
    VerificationRunner runner,
    VerificationSignal signal,
    IOptions<VerificationOptions> options,
    IMt5Gateway gateway,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<VerificationWorker> logger) : BackgroundService
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private const int SweepBatch = 500;
    private const int AbandonedBatch = 50;

    /// <summary>This process's name on the leases it holds.</summary>
    public string InstanceId { get; } = NewInstanceId();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host tells the gateway and the pool that it is stopping (ApplicationStopping) before it
        // stops this service (stoppingToken): in between, a running job would be answered 503
        // service_stopping and stored as over. It stops with whichever comes first, so the job goes
        // back in the queue for another run, and no job is claimed once the instance is stopping.
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        return RunUntilStoppedAsync(stopping);
    }

    private async Task RunUntilStoppedAsync(CancellationTokenSource stoppingSource)
    {
        using var owned = stoppingSource;
        var stoppingToken = stoppingSource.Token;
        var settings = options.Value;
        if (settings.Workers == 0)
        {
            // This instance only queues jobs and answers their reads.
            return;
        }

        // No more jobs than the gateway can run at once: a job beyond that would wait in this
        // instance's install queue (which times out) instead of the database (where any may take it).
        var workers = Math.Min(settings.Workers, Math.Max(1, gateway.Capacity));
        using var slots = new SemaphoreSlim(workers, workers);
        var running = new List<Task>();
        var nextSweep = DateTimeOffset.MinValue;
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                await FailAbandonedAsync(now, settings.MaxAttempts, stoppingToken);
                if (now >= nextSweep)
                {
                    nextSweep = now + SweepEvery;
                    await ExpireStaleAsync(now, stoppingToken);
                    await jobs.SweepAsync(now - VerificationJob.KeptFor, SweepBatch, stoppingToken);
                }

                // A job is claimed only with a slot free to run it at once.
                while (slots.CurrentCount > 0 && !stoppingToken.IsCancellationRequested)
                {
                    now = clock.GetUtcNow();
                    var job = await jobs.TryClaimAsync(InstanceId, now, now + Lease(settings), settings.MaxAttempts, stoppingToken);
                    if (job is null)
                    {
                        break;
                    }

                    await slots.WaitAsync(stoppingToken);
                    running.RemoveAll(task => task.IsCompleted);
                    running.Add(RunAsync(job, settings, slots, stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be down for a while: the next poll tries again.
                LogPollFailed(exception);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Each running job gives itself back to the queue as it sees the stop.
        await Task.WhenAll(running);
    }

    // Readable in the table (which host and process), and unique even when a process id is reused.
    private static string NewInstanceId()
    {
        var host = Environment.MachineName;
        return $"{(host.Length > 40 ? host[..40] : host)}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    private static TimeSpan Lease(VerificationOptions settings) => TimeSpan.FromSeconds(settings.LeaseSeconds);

    private async Task FailAbandonedAsync(DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken)
    {
        foreach (var id in await jobs.FindAbandonedAsync(now, maxAttempts, AbandonedBatch, cancellationToken))
        {
            if (await jobs.FailAbandonedAsync(id, now, runner.Abandoned(id), cancellationToken))
            {
                LogAbandoned(id, maxAttempts);
            }
        }
    }

    // A job no instance ran within a day (none has workers, or each died) ends, its password with
    // it, rather than keeping it sealed in the table for ever.
    private async Task ExpireStaleAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var id in await jobs.FindStaleAsync(now - VerificationJob.KeptFor, SweepBatch, cancellationToken))
        {
            if (await jobs.ExpireAsync(id, now, runner.Expired(id), cancellationToken))
            {
                LogExpired(id);
            }
        }
    }

    private async Task RunAsync(ClaimedVerificationJob job, VerificationOptions settings, SemaphoreSlim slots, CancellationToken stopping)
    {
        // Off the polling loop at once: a job runs for as long as MT5 takes.
        await Task.Yield();
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(job.Id, settings, lost, renewing.Token);
        try
        {
            LogStarted(job.Id, job.Kind, job.Attempts);
            var outcome = await runner.RunAsync(job, lost.Token);
            await renewing.CancelAsync();
            await renewal;
            if (await jobs.FinishAsync(job.Id, InstanceId, outcome, clock.GetUtcNow(), CancellationToken.None))
            {
                LogFinished(job.Id, outcome.StatusCode);
            }
            else
            {
                LogLost(job.Id);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await ReleaseQuietlyAsync(job.Id);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            // The lease went to another instance, which runs the job now.
            LogLost(job.Id);
        }
        catch (Exception exception)
        {
            // The store could not record the end; the lease runs out and the job is run again.
            LogRunFailed(exception, job.Id);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            slots.Release();
            // A freed slot takes the next queued job now, not at the next poll: a burst's jobs run back to back.
            signal.Wake();
        }
    }

    // Every third of the lease, so that two renewals may fail (a database hiccup) before it runs out.
    private async Task RenewAsync(string id, VerificationOptions settings, CancellationTokenSource lost, CancellationToken done)
    {
        var every = Lease(settings) / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, done);
                try
                {
                    if (!await jobs.RenewAsync(id, InstanceId, clock.GetUtcNow() + Lease(settings), done))
                    {
                        await lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRenewFailed(exception, id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job is over.
        }
    }

    private async Task ReleaseQuietlyAsync(string id)
    {
        try
        {
            await jobs.ReleaseAsync(id, InstanceId, CancellationToken.None);
            LogReleased(id);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Its lease runs out, and another instance takes it over.
            LogRunFailed(exception, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Running verification {JobId} ({Kind}), attempt {Attempt}")]
    private partial void LogStarted(string jobId, Application.Common.Credentials.VerificationKind kind, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verification {JobId} ended with {StatusCode}")]
    private partial void LogFinished(string jobId, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {JobId} was taken over by another instance before it ended here; its result here is dropped")]
    private partial void LogLost(string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verification {JobId} goes back in the queue: this instance is stopping")]
    private partial void LogReleased(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {JobId} was abandoned by its instance {MaxAttempts} times, and is failed")]
    private partial void LogAbandoned(string jobId, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification {JobId} waited a day in the queue without being run; it ended with 503 queue_timeout")]
    private partial void LogExpired(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for verification jobs failed; trying again at the next poll")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of verification {JobId} failed")]
    private partial void LogRenewFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification {JobId} could not be ended here; its lease will run out and it runs again")]
    private partial void LogRunFailed(Exception exception, string jobId);
}
