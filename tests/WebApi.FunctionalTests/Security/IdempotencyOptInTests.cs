using System.Net;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// <c>Idempotency-Key</c> is honoured by the endpoints that opt in with <see cref="IdempotentAttribute"/>,
/// wherever they are routed, and ignored by every other.
/// </summary>
public sealed class IdempotencyOptInTests
{
    private static readonly string TooLongKey = new('k', 256);

    [Test]
    public async Task AnEndpointMarkedIdempotent_HandlesTheKey_WhateverItsPath()
    {
        var context = Request(HttpMethods.Put, "/api/v1/anything/7", new IdempotentAttribute());
        var reached = false;

        await Middleware(_ => { reached = true; return Task.CompletedTask; }).InvokeAsync(
            context, Mock.Of<IIdempotencyStore>(), Mock.Of<ICaller>(), Microsoft.Extensions.Options.Options.Create(new RequestLimitsOptions()), Writer());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reached, Is.False, "a key it cannot use is refused before the endpoint runs");
            Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status422UnprocessableEntity));
        }
    }

    [Test]
    public async Task AnEndpointNotMarked_IgnoresTheKey_EvenOnTheRegistrationPath()
    {
        var store = new Mock<IIdempotencyStore>(MockBehavior.Strict);
        var context = Request(HttpMethods.Post, Requests.AccountsPath);
        var reached = false;

        await Middleware(_ => { reached = true; return Task.CompletedTask; }).InvokeAsync(
            context, store.Object, Mock.Of<ICaller>(), Microsoft.Extensions.Options.Options.Create(new RequestLimitsOptions()), Writer());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reached, Is.True);
            Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status200OK));
        }
    }

    [Test]
    public async Task Register_HonoursTheKey_AndAGetWithAKey_StoresNothing()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var refused = await SendAsync(client, HttpMethod.Post, TooLongKey);
        using var read = await SendAsync(client, HttpMethod.Get, TooLongKey);
        using var readWithKey = await SendAsync(client, HttpMethod.Get, "read-key");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "register reads the key");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a read does not");
            Assert.That(readWithKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // Nothing was kept under the read's key: it is free to claim.
        using var scope = factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        var storedKey = IdempotencyMiddleware.ScopedKey("address:" + WebApi.Security.ClientAddress.Unknown, "read-key");
        Assert.That(await store.ClaimAsync(storedKey, ReadOnlyMemory<byte>.Empty, CancellationToken.None), Is.TypeOf<IdempotencyClaim.Claimed>());
    }

    private static DefaultHttpContext Request(string method, string path, params object[] metadata)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Headers[IdempotencyMiddleware.HeaderName] = TooLongKey;
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(metadata), "test endpoint"));
        return context;
    }

    private static IdempotencyMiddleware Middleware(RequestDelegate next) => new(next, NullLogger<IdempotencyMiddleware>.Instance);

    private static ErrorResponseWriter Writer() => new(NullLogger<ErrorResponseWriter>.Instance);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string key)
    {
        using var request = new HttpRequestMessage(method, Requests.AccountsPath);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(Requests.SpecExample().ToJsonString(), Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.HeaderName, key);
        return await client.SendAsync(request);
    }
}
