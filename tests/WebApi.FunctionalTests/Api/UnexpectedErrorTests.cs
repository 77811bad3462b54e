using System.Net;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>A fault that is nobody's mistake: a 500 that says nothing of its cause, logged with its trace id.</summary>
public sealed class UnexpectedErrorTests
{
    [Test]
    public async Task Returns500_WithNoInternals_AndLogsTheErrorWithATraceId()
    {
        var repository = new Mock<IAccountRepository>();
        repository.Setup(r => r.LoginExistsAsync(It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("internal detail: table accounts on host db-7"));
        await using var factory = new AccountRegistryFactory(configureServices: services =>
            services.Replace(ServiceDescriptor.Scoped(_ => repository.Object)));
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Internal server error","code":"internal_error"}"""));
        var logged = factory.LogEvents.Where(e => e.Level == LogEventLevel.Error && e.Exception is InvalidOperationException).ToArray();
        Assert.That(logged, Is.Not.Empty);
        Assert.That(logged[0].Properties.ContainsKey("TraceId"), Is.True);
    }

    [Test]
    public async Task AGatewayThatThrows_Gets503_IsLogged_StoresNothing_AndLeaksNoPassword()
    {
        var gateway = new Mock<IMt5Gateway>();
        gateway.Setup(g => g.VerifyAsync(It.IsAny<Mt5LoginRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("terminal64.exe crashed: access violation at 0x7ff6"));
        await using var factory = new AccountRegistryFactory(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton(gateway.Object)));
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "the 503 estimate");
            Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"MT5 connection failed; try again later","code":"terminal_failed"}"""));
            Assert.That(await factory.CountAccountsAsync(), Is.Zero);
            Assert.That(factory.LogEvents.Where(e => e.Level >= LogEventLevel.Warning).Select(e => e.Exception?.InnerException),
                Has.Some.InstanceOf<InvalidOperationException>(), "the gateway's fault is logged with its cause");
            Assert.That(factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains(TestAccounts.DemoPassword));
        }
    }

    [Test]
    public async Task Returns503_WithRetryAfter_WhenTheDatabaseIsLocked()
    {
        var repository = new Mock<IAccountRepository>();
        repository.Setup(r => r.LoginExistsAsync(It.IsAny<long>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SqliteException("SQLite Error 5: 'database is locked'.", 5));
        await using var factory = new AccountRegistryFactory(configureServices: services =>
            services.Replace(ServiceDescriptor.Scoped(_ => repository.Object)));
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync(Requests.SpecExample());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "the 503 estimate");
            Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Database unavailable; try again later","code":"database_unavailable"}"""));
        }
    }

    [Test]
    public async Task AClientThatWentAway_IsNotAnswered_AndItsErrorIsNoFault()
    {
        // What wrk does at the end of a run: the client closes while its bad body is being refused.
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = gone.Token };
        context.Response.Body = new MemoryStream();
        var handler = new WebApi.Errors.ApiExceptionHandler(
            new WebApi.Errors.ErrorResponseWriter(Microsoft.Extensions.Logging.Abstractions.NullLogger<WebApi.Errors.ErrorResponseWriter>.Instance));

        var handled = await handler.TryHandleAsync(
            context, new WebApi.Errors.RequestValidationException([new WebApi.Errors.ValidationError("missing", ["body", "name"], "Field required")]), gone.Token);

        Assert.That(handled, Is.True, "handled, not thrown back into the pipeline as an error");
        Assert.That(context.Response.StatusCode, Is.EqualTo((int)HttpStatusCode.UnprocessableEntity), "the status the request earned, for the request log");
        Assert.That(context.Response.Body.Length, Is.Zero, "nothing written to nobody");
    }
}
