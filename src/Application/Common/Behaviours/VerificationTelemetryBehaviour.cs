using System.Diagnostics;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ChangePassword;
using AccountRegistry.Application.Accounts.VerifyAccount;
using AccountRegistry.Application.Common.Credentials;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Common;
using FluentValidation;
using Mediator;

namespace AccountRegistry.Application.Common.Behaviours;

/// <summary>
/// Counts and times every command that checks credentials (<see cref="IVerifiesCredentials"/>),
/// by kind and outcome, and wraps it in a span when tracing is on. The only place the
/// verification metrics are recorded. Registered outside <see cref="ValidationBehaviour{TMessage, TResponse}"/>,
/// so that a request refused by validation is counted as <c>invalid</c>.
/// </summary>
public sealed class VerificationTelemetryBehaviour<TMessage, TResponse>(VerificationTelemetry telemetry)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage, IVerifiesCredentials
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var kind = message.Kind;
        // Null unless a tracer listens (OTEL_EXPORTER_OTLP_ENDPOINT set): no cost when tracing is off.
        using var activity = VerificationTelemetry.ActivitySource.StartActivity("verify credentials");
        activity?.SetTag(VerificationTelemetry.KindTag, VerificationTelemetry.KindName(kind));
        if (activity is not null && AccountIdOf(message) is { } knownId)
        {
            activity.SetTag("account_id", knownId);
        }

        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            outcome = response is VerificationResponse { Status: VerificationOutcome.Rejected }
                ? VerificationOutcome.Rejected
                : VerificationOutcome.Verified;
            if (activity is not null && response is AccountResponse created)
            {
                activity.SetTag("account_id", created.Id);
            }

            Finish(activity, kind, outcome, started);
            return response;
        }
        catch (Exception exception)
        {
            outcome = OutcomeOf(exception, cancellationToken);
            activity?.SetStatus(outcome == VerificationOutcome.Error ? ActivityStatusCode.Error : ActivityStatusCode.Unset);
            Finish(activity, kind, outcome, started);
            throw;
        }
    }

    /// <summary>The outcome an exception stands for; the exception types are the ones the error mapping answers with 4xx.</summary>
    internal static string OutcomeOf(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => VerificationOutcome.Cancelled,
        Mt5CredentialsRejectedException => VerificationOutcome.Rejected,
        Mt5AccountMismatchException => VerificationOutcome.Mismatch,
        Mt5UnavailableException => VerificationOutcome.Unavailable,
        Mt5RequestInvalidException or ValidationException or DomainRuleViolationException or AccountNotFoundException => VerificationOutcome.Invalid,
        LoginLockedOutException => VerificationOutcome.LockedOut,
        AccountAlreadyExistsException or RegistrationInProgressException or CredentialCheckInProgressException
            or AccountChangedConcurrentlyException or PreconditionFailedException => VerificationOutcome.Conflict,
        _ => VerificationOutcome.Error,
    };

    private void Finish(Activity? activity, VerificationKind kind, string outcome, long started)
    {
        activity?.SetTag(VerificationTelemetry.OutcomeTag, outcome);
        telemetry.Record(kind, outcome, Stopwatch.GetElapsedTime(started));
    }

    // The account a stored-account check names; a registration's is known only from its answer.
    private static long? AccountIdOf(TMessage message) => message switch
    {
        VerifyAccountCommand verify => verify.AccountId,
        ChangePasswordCommand change => change.AccountId,
        _ => null,
    };
}
