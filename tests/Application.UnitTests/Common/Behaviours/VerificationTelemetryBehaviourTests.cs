using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.VerifyAccount;
using AccountRegistry.Application.Common.Behaviours;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Common;
using FluentValidation;

namespace AccountRegistry.Application.UnitTests.Common.Behaviours;

/// <summary>
/// Every credential check is counted once and timed once, under its kind and the outcome its result
/// or exception stands for; the exception still reaches the caller.
/// </summary>
public sealed class VerificationTelemetryBehaviourTests
{
    private static readonly VerificationResponse Verified = new("verified", null, null, null, null);

    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private TestMeterFactory _meters = null!;
    private MeterListener _listener = null!;
    private VerificationTelemetryBehaviour<VerifyAccountCommand, VerificationResponse> _behaviour = null!;

    private static IEnumerable<TestCaseData> Exceptions()
    {
        yield return new TestCaseData(new Mt5CredentialsRejectedException(1, "Demo", "Invalid account"), "rejected");
        yield return new TestCaseData(new Mt5AccountMismatchException(Mt5AccountConsistency.Check(
            new AccountDetails("Bot", "Broker", 5, "Broker-Demo", true, [], 0.1m, 0.01m, false, string.Empty, AccountType.USD),
            new Mt5AccountSnapshot(5, "Broker-Demo", "Broker Ltd.", "USD", Mt5TradeMode.Demo, true, ["EURUSD"]))), "mismatch");
        yield return new TestCaseData(new Mt5UnavailableException("no terminal"), "unavailable");
        yield return new TestCaseData(new Mt5RequestInvalidException("bad path", Mt5RequestProblem.TerminalNotAllowed), "invalid");
        yield return new TestCaseData(new ValidationException("bad"), "invalid");
        yield return new TestCaseData(new DomainRuleViolationException("bad"), "invalid");
        yield return new TestCaseData(new AccountNotFoundException("7"), "invalid");
        yield return new TestCaseData(new LoginLockedOutException(1, TimeSpan.FromMinutes(1)), "locked_out");
        yield return new TestCaseData(new AccountAlreadyExistsException(1), "conflict");
        yield return new TestCaseData(new RegistrationInProgressException(1), "conflict");
        yield return new TestCaseData(new CredentialCheckInProgressException(1), "conflict");
        yield return new TestCaseData(new AccountChangedConcurrentlyException(1, new InvalidOperationException()), "conflict");
        yield return new TestCaseData(new PreconditionFailedException(1), "conflict");
        yield return new TestCaseData(new StoredPasswordUnreadableException(1, new CryptographicException()), "error");
        yield return new TestCaseData(new InvalidOperationException("a bug"), "error");
        yield return new TestCaseData(new OperationCanceledException(), "error");
    }

    [SetUp]
    public void SetUp()
    {
        _measurements.Clear();
        _meters = new TestMeterFactory();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VerificationTelemetry.MeterName && _meters.Created.Contains(instrument.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        _behaviour = new VerificationTelemetryBehaviour<VerifyAccountCommand, VerificationResponse>(new VerificationTelemetry(_meters));
    }

    [TearDown]
    public void TearDown()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    [Test]
    public async Task ASuccess_IsCountedAndTimedOnce_AsVerified()
    {
        var response = await _behaviour.Handle(new VerifyAccountCommand(1), (_, _) => ValueTask.FromResult(Verified), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response, Is.SameAs(Verified));
            Assert.That(_measurements.Select(m => (m.Instrument, m.Tags["kind"], m.Tags["outcome"])), Is.EquivalentTo(new[]
            {
                ("account_registry.verifications", (object?)"verify", (object?)"verified"),
                ("account_registry.verification.duration", "verify", "verified"),
            }));
            Assert.That(_measurements.Single(m => m.Instrument == "account_registry.verifications").Value, Is.EqualTo(1));
            Assert.That(_measurements.Single(m => m.Instrument == "account_registry.verification.duration").Value, Is.GreaterThanOrEqualTo(0));
        }
    }

    [Test]
    public async Task AStoredCheckThatRecordedARejection_IsCountedAsRejected()
    {
        await _behaviour.Handle(new VerifyAccountCommand(1), (_, _) => ValueTask.FromResult(Verified with { Status = "rejected" }), CancellationToken.None);

        Assert.That(_measurements.Select(m => m.Tags["outcome"]), Is.EqualTo(new object?[] { "rejected", "rejected" }));
    }

    [TestCaseSource(nameof(Exceptions))]
    public void AnException_IsCountedUnderItsOutcome_AndStillThrown(Exception exception, string outcome)
    {
        var thrown = Assert.CatchAsync(async () => await _behaviour.Handle(
            new VerifyAccountCommand(1), (_, _) => ValueTask.FromException<VerificationResponse>(exception), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.SameAs(exception));
            Assert.That(_measurements.Select(m => m.Tags["outcome"]), Is.EqualTo(new object?[] { outcome, outcome }));
            Assert.That(_measurements.Select(m => m.Tags["kind"]), Is.All.EqualTo("verify"));
        }
    }

    [Test]
    public async Task AClientThatGoesAway_IsCountedAsCancelled()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(async () => await _behaviour.Handle(
            new VerifyAccountCommand(1), (_, token) => ValueTask.FromCanceled<VerificationResponse>(token), aborted.Token));

        Assert.That(_measurements.Select(m => m.Tags["outcome"]), Is.EqualTo(new object?[] { "cancelled", "cancelled" }));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Add((instrument.Name, value, copy));
    }

    /// <summary>What the host's factory does, for one test: a meter per call, disposed with the factory.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
