using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using AccountRegistry.Domain.Mt5;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// The catalogue of error codes and the one table that picks them (<see cref="ApiErrors.From"/>):
/// every outcome with a <c>{"detail": "..."}</c> body has its code, and every kind the gateway can report has one.
/// </summary>
public sealed class ErrorCodesTests
{
    [TestCaseSource(nameof(Unavailabilities))]
    public void EveryMt5Unavailability_HasA503Code_NamedAfterIt(Mt5Unavailability kind)
    {
        var code = ErrorCodes.For(kind);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code.Code, Is.EqualTo(JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString())), "the code the enum's documentation names");
            Assert.That(code.Status, Is.EqualTo(StatusCodes.Status503ServiceUnavailable));
            Assert.That(ErrorCodes.All, Does.Contain(code));
        }
    }

    [TestCaseSource(nameof(RequestProblems))]
    public void EveryMt5RequestProblem_HasA400Code_NamedAfterIt(Mt5RequestProblem problem)
    {
        var code = ErrorCodes.For(problem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code.Code, Is.EqualTo(JsonNamingPolicy.SnakeCaseLower.ConvertName(problem.ToString())));
            Assert.That(code.Status, Is.EqualTo(StatusCodes.Status400BadRequest));
            Assert.That(ErrorCodes.All, Does.Contain(code));
        }
    }

    [Test]
    public void TheCatalogue_ListsEveryCodeOnce_InSnakeCase()
    {
        var declared = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(ErrorCode))
            .Select(field => (ErrorCode)field.GetValue(null)!)
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ErrorCodes.All, Is.EquivalentTo(declared), "All is what the OpenAPI document lists");
            Assert.That(ErrorCodes.All.Select(code => code.Code), Is.Unique);
            Assert.That(ErrorCodes.All.Select(code => code.Code), Is.All.Match("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
            Assert.That(ErrorCodes.All.Select(code => code.Meaning), Is.All.Not.Empty);
        }
    }

    private static IEnumerable<TestCaseData> CodedOutcomes()
    {
        yield return Case(new Mt5CredentialsRejectedException(5, "Broker-Demo", "Invalid account"), 400, "credentials_rejected");
        yield return Case(new Mt5AccountMismatchException(Mismatch(isLive: true, symbols: ["EURUSD"])), 400, "account_mismatch");
        yield return Case(new Mt5AccountMismatchException(Mismatch(isLive: true, symbols: ["BTCUSD"])), 400, "account_mismatch", "facts and symbols");
        yield return Case(new Mt5AccountMismatchException(Mismatch(isLive: false, symbols: ["BTCUSD"])), 400, "symbols_unknown");
        yield return Case(new Mt5RequestInvalidException("no", Mt5RequestProblem.ServerNotAllowed), 400, "server_not_allowed");
        yield return Case(new Mt5RequestInvalidException("no", Mt5RequestProblem.TerminalNotAllowed), 400, "terminal_not_allowed");
        yield return Case(new Mt5RequestInvalidException("no", Mt5RequestProblem.CredentialsUnusable), 400, "credentials_unusable");
        yield return Case(new AccountNotVerifiedException(7), 400, "account_not_verified");
        yield return Case(new DomainRuleViolationException("Login must be a positive MT5 account number."), 400, "invalid_value");
        yield return Case(new BadHttpRequestException("Unexpected end of request content.", 400), 400, "request_unreadable");
        yield return Case(new Mt5UnavailableException("sandbox off", Mt5Unavailability.Mt5Unavailable, null), 503, "mt5_unavailable");
        yield return Case(new Mt5UnavailableException("pipe", new IOException("broken pipe")), 503, "terminal_failed");
        yield return Case(new Mt5UnavailableException("no verdict"), 503, "terminal_failed");
        yield return Case(new StoredPasswordUnreadableException(7, new CryptographicException("no key")), 503, "password_unreadable");
        yield return Case(new InvalidOperationException("save failed", new SqliteException("database is locked", 5)), 503, "database_unavailable");
        yield return Case(new AccountNotFoundException("7"), 404, "account_not_found");
        yield return Case(new AccountAlreadyExistsException(5), 409, "already_exists");
        yield return Case(new RegistrationInProgressException(5), 409, "in_progress");
        yield return Case(new CredentialCheckInProgressException(5), 409, "in_progress");
        yield return Case(new AccountChangedConcurrentlyException(7, new InvalidOperationException()), 409, "changed_concurrently");
        yield return Case(new PreconditionFailedException(7), 412, "precondition_failed");
        yield return Case(new LoginLockedOutException(5, TimeSpan.FromMinutes(3)), 429, "locked_out");
        yield return Case(new UnsupportedMediaTypeException("Unsupported Media Type"), 415, "unsupported_media_type");
        yield return Case(new RequestBodyTooLargeException(65536), 413, "payload_too_large");
        yield return Case(new BadHttpRequestException("Reading the request body timed out.", 408), 408, "request_timeout");
        yield return Case(new InvalidOperationException("a bug"), 500, "internal_error");

        static TestCaseData Case(Exception exception, int status, string code, string? label = null) =>
            new TestCaseData(exception, status, code).SetArgDisplayNames(label is null ? exception.GetType().Name : $"{exception.GetType().Name}, {label}", code);
    }

    [TestCaseSource(nameof(CodedOutcomes))]
    public void From_GivesEachOutcomeItsCode_AndTheStatusThatGoesWithIt(Exception exception, int status, string code)
    {
        var error = ApiErrors.From(exception, clientGone: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code?.Code, Is.EqualTo(code));
            Assert.That(error.Status, Is.EqualTo(status));
            Assert.That(error.Code?.Status, Is.EqualTo(status));
        }
    }

    [TestCaseSource(nameof(Unavailabilities))]
    public void From_AnswersAnMt5Unavailability_WithItsCode_TheSpecsDetail_AndTheFixedWait(Mt5Unavailability kind)
    {
        var error = ApiErrors.From(new Mt5UnavailableException("for the log: host mt5.internal", kind, retryAfter: null), clientGone: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Status, Is.EqualTo(503));
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.For(kind)));
            Assert.That(error.Detail, Is.EqualTo("MT5 connection failed; try again later"));
            Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(error.Level, Is.EqualTo(LogLevel.Warning));
        }
    }

    [Test]
    public void From_SendsTheGatewaysOwnWait_WhenItKnowsOne()
    {
        var error = ApiErrors.From(new Mt5UnavailableException("queue full", Mt5Unavailability.QueueFull, TimeSpan.FromSeconds(7)), clientGone: false);

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void AGatewayThatThrew_IsTerminalFailed_WhateverItsKind_AndAFaultWithItsStackTrace()
    {
        var fault = new IOException("broken pipe");
        var error = ApiErrors.From(new Mt5UnavailableException("The MT5 gateway failed: IOException", fault), clientGone: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Code, Is.EqualTo(ErrorCodes.TerminalFailed));
            Assert.That(error.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(error.Fault?.InnerException, Is.SameAs(fault));
        }
    }

    [Test]
    public void BodyOf_IsTheDetailThenTheCode()
    {
        var error = ApiErrors.From(new Mt5UnavailableException("queue full", Mt5Unavailability.QueueFull, TimeSpan.FromSeconds(7)), clientGone: false);

        Assert.That(Encoding.UTF8.GetString(ErrorResponseWriter.BodyOf(error)),
            Is.EqualTo("""{"detail":"MT5 connection failed; try again later","code":"queue_full"}"""));
    }

    [TestCase(400, "request_unreadable")]
    [TestCase(404, "not_found")]
    [TestCase(405, "method_not_allowed")]
    [TestCase(408, "request_timeout")]
    [TestCase(413, "payload_too_large")]
    [TestCase(415, "unsupported_media_type")]
    public void ForStatus_GivesABareStatusItsCode(int status, string code)
    {
        var error = ApiErrors.ForStatus(status);

        Assert.That((error.Status, error.Code?.Code), Is.EqualTo((status, code)));
    }

    [Test]
    public void TheOtherFactories_GiveTheirCodes()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ApiErrors.ApiKeyRejected().Code, Is.EqualTo(ErrorCodes.ApiKeyRejected));
            Assert.That(ApiErrors.IdempotencyKeyReused().Code, Is.EqualTo(ErrorCodes.IdempotencyKeyReused));
            Assert.That(ApiErrors.IdempotencyKeyInProgress().Code, Is.EqualTo(ErrorCodes.InProgress));
        }
    }

    [Test]
    public void BodyOf_IsJustTheDetail_ForAStatusWithNoCode() =>
        Assert.That(Encoding.UTF8.GetString(ErrorResponseWriter.BodyOf(ApiErrors.ForStatus(431))), Is.EqualTo("""{"detail":"Request Header Fields Too Large"}"""));

    [Test]
    public void BodyOf_IsFastApisList_ForA422() =>
        Assert.That(Encoding.UTF8.GetString(ErrorResponseWriter.BodyOf(ApiErrors.IdempotencyKeyTooLong())),
            Does.StartWith("""{"detail":[{"type":"string_too_long","loc":["header","idempotency-key"]"""));

    [Test]
    public void BodyOf_RefusesAnErrorWithoutABody() =>
        Assert.That(() => ErrorResponseWriter.BodyOf(ApiErrors.From(new OperationCanceledException(), clientGone: true)), Throws.ArgumentException);

    private static Mt5Unavailability[] Unavailabilities() => Enum.GetValues<Mt5Unavailability>();

    private static Mt5RequestProblem[] RequestProblems() => Enum.GetValues<Mt5RequestProblem>();

    private static ConsistencyResult Mismatch(bool isLive, IReadOnlyList<string> symbols) => Mt5AccountConsistency.Check(
        new AccountDetails("Bot", "Broker", 5, "Broker-Demo", isLive, symbols, 0.1m, 0.01m, false, string.Empty, AccountType.USD),
        new Mt5AccountSnapshot(5, "Broker-Demo", "Broker Ltd.", "USD", Mt5TradeMode.Demo, true, ["EURUSD"]));
}
