using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Events;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using static AccountRegistry.WebApi.FunctionalTests.Accounts.CredentialRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>
/// PUT /api/v1/accounts/{id}/password, POST /api/v1/accounts/{id}/verify and
/// GET /api/v1/accounts/{id}/verification against the Sandbox's accounts.
/// </summary>
public sealed class CredentialEndpointsTests : SharedServiceTest
{
    private const string Server = TestAccounts.AnyLoginServer;

    [Test]
    public async Task Verify_Returns200Verified_WithWhatMt5Reported_AndGetVerificationSaysTheSame()
    {
        var id = await RegisterAsync(Client, Requests.SpecExample());

        using var response = await VerifyAsync(Client, id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("verified"));
            Assert.That(body["detail"], Is.Null);
            Assert.That(body["checked_at"]!.GetValue<string>(), Is.EqualTo(body["verified_at"]!.GetValue<string>()));
            Assert.That(body["mt5"]!.ToJsonString(), Is.EqualTo(
                """{"company":"MetaQuotes Ltd.","currency":"USD","trade_mode":"demo","trade_allowed":true,"symbol_count":4}"""));
            Assert.That(body.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "status", "checked_at", "verified_at", "detail", "mt5" }));
            Assert.That((await VerificationAsync(Client, id)).ToJsonString(), Is.EqualTo(body.ToJsonString()));
        }

        var events = await EventsAsync(Factory, id);
        Assert.That(AccountEventTypes.NameOf(events[^1].Type), Is.EqualTo("verified"));
        Assert.That(events[^1].Changes, Is.Empty);
        Assert.That(events[^1].TraceId, Is.Not.Null.And.Not.Empty);
    }

    // Needs registration to keep MT5's facts (Account.Register with the snapshot): fails until that is in.
    [Test]
    public async Task GetVerification_RightAfterRegister_IsVerified_WithWhatMt5Reported()
    {
        var id = await RegisterAsync(Client, Requests.SpecExample());

        var verification = await VerificationAsync(Client, id);

        Assert.That(verification["status"]!.GetValue<string>(), Is.EqualTo("verified"));
        Assert.That(verification["verified_at"], Is.Not.Null);
        Assert.That(verification["mt5"]!["symbol_count"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [Test]
    public async Task ChangePassword_Returns204_WithTheNextETag_AndReSealsTheStoredPassword()
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(6100001));
        var before = await StoredCiphertextAsync(Factory, id);

        using var response = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: ETag(1));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        var after = await StoredCiphertextAsync(Factory, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ETagOf(response), Is.EqualTo(ETag(2)));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(after, Is.Not.EqualTo(before), "sealed afresh");
            Assert.That(after, Does.Not.Contain(TestAccounts.AnyLoginPassword));
            Assert.That(await StoredPasswordAsync(Factory, id, 6100001, Server), Is.EqualTo(TestAccounts.AnyLoginPassword));
            Assert.That((await VerificationAsync(Client, id))["status"]!.GetValue<string>(), Is.EqualTo("verified"));
        }

        var changed = (await EventsAsync(Factory, id)).Where(e => AccountEventTypes.NameOf(e.Type) == "password_changed").ToList();
        Assert.That(changed, Has.Count.EqualTo(1));
        Assert.That(changed[0].Changes, Is.Empty, "the audit trail records that it changed, never the password");
    }

    [Test]
    public async Task ChangePassword_WithAStaleIfMatch_Returns412_AndChangesNothing()
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(6100002));
        var before = await StoredCiphertextAsync(Factory, id);
        var eventsBefore = (await EventsAsync(Factory, id)).Count;

        using var stale = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: ETag(2));
        using var weak = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: "W/\"1\"");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
            Assert.That((await stale.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("has changed since it was read"));
            Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed), "a weak tag never matches");
            Assert.That(await StoredCiphertextAsync(Factory, id), Is.EqualTo(before));
            Assert.That(await EventsAsync(Factory, id), Has.Count.EqualTo(eventsBefore));
        }

        using var current = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: $"\"7\", {ETag(1)}");
        using var again = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: ETag(1));
        using var any = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: "*");
        using var none = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword);

        Assert.That(
            new[] { current.StatusCode, again.StatusCode, any.StatusCode, none.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.NoContent, HttpStatusCode.PreconditionFailed, HttpStatusCode.NoContent, HttpStatusCode.NoContent }));
        Assert.That(new[] { ETagOf(current), ETagOf(any), ETagOf(none) }, Is.EqualTo(new[] { ETag(2), ETag(3), ETag(4) }));
    }

    [Test]
    public async Task ChangePassword_WithAMalformedIfMatch_Returns422_AtTheHeader()
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(6100003));

        using var response = await PutPasswordAsync(Client, id, TestAccounts.AnyLoginPassword, ifMatch: "1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Requests.Loc((await response.ReadValidationErrorsAsync())[0]), Is.EqualTo("header.if-match"));
    }

    [Test]
    public async Task ChangePassword_ThatMt5Rejects_Returns400_AndTheOldPasswordStays()
    {
        const string wrong = "Not-The-Brokers-Password-9";
        var id = await RegisterAsync(Client, Requests.ForLogin(6100004));
        var before = await StoredCiphertextAsync(Factory, id);

        using var response = await PutPasswordAsync(Client, id, wrong);

        var text = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(text, Does.Contain("rejected the credentials for login 6100004"));
            Assert.That(text, Does.Not.Contain(wrong));
            Assert.That(response.Headers.ETag, Is.Null);
            Assert.That(await StoredCiphertextAsync(Factory, id), Is.EqualTo(before));
            Assert.That((await EventsAsync(Factory, id)).Select(e => AccountEventTypes.NameOf(e.Type)), Has.None.EqualTo("password_changed"));
            Assert.That(Factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains(wrong));
        }

        // The old password still logs in.
        using var verify = await VerifyAsync(Client, id);
        Assert.That((await verify.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("verified"));
    }

    [TestCase("{}", "body.password:missing")]
    [TestCase("""{"password": null}""", "body.password:string_type")]
    [TestCase("""{"password": 123456789}""", "body.password:string_type")]
    [TestCase("""{"password": ["Secret-In-A-List-1"]}""", "body.password:string_type")]
    [TestCase("""{"password": ""}""", "body.password:string_too_short")]
    // LONG stands for a password one character past the bound (128).
    [TestCase("""{"password": "LONG"}""", "body.password:string_too_long")]
    [TestCase("""["Secret-Not-An-Object-1"]""", "body:model_attributes_type")]
    public async Task ChangePassword_WithABadBody_Returns422_WithoutEchoingThePassword(string body, string expected)
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(6100005));
        var before = await StoredCiphertextAsync(Factory, id);

        using var response = await PutRawAsync(Client, PasswordPath(id), body.Replace("LONG", "Secret-" + new string('X', 122), StringComparison.Ordinal));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var errors = await response.ReadValidationErrorsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Is.EqualTo(new[] { expected }));
            Assert.That(errors.ToJsonString(), Does.Not.Contain("Secret-").And.Not.Contain("123456789"));
            Assert.That(errors.Select(e => e!.AsObject().ContainsKey("input")), Is.All.False);
            Assert.That(await StoredCiphertextAsync(Factory, id), Is.EqualTo(before));
            Assert.That(Factory.LogEvents.Select(e => e.RenderAll()), Has.None.Contains("Secret-"));
        }
    }

    [TestCase("PUT", "password")]
    [TestCase("POST", "verify")]
    [TestCase("GET", "verification")]
    public async Task AnUnknownId_Is404(string method, string action)
    {
        using var response = await SendAsync(method, $"{Requests.AccountsPath}/424242/{action}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Account 424242 not found","code":"account_not_found"}"""));
    }

    [TestCase("PUT", "password", "abc")]
    [TestCase("POST", "verify", "1.5")]
    [TestCase("GET", "verification", "1e3")]
    [TestCase("GET", "verification", "99999999999999999999999x")]
    public async Task AnIdThatIsNotAnInteger_Is422(string method, string action, string id)
    {
        using var response = await SendAsync(method, $"{Requests.AccountsPath}/{id}/{action}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync())[0]!;
        Assert.That($"{Requests.Loc(error)}:{error["type"]}", Is.EqualTo("path.account_id:int_parsing"));
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path) => method switch
    {
        "PUT" => await PutRawAsync(Client, path, new JsonObject { ["password"] = "Some-Password-1" }.ToJsonString()),
        "POST" => await Client.PostAsync(path, content: null),
        _ => await Client.GetAsync(path),
    };
}
