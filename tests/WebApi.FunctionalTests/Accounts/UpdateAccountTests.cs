using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>PATCH /api/v1/accounts/{account_id}: a merge-patch checked against the account's stored MT5 facts.</summary>
public sealed class UpdateAccountTests : SharedServiceTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Mt5:AllowedTerminalPaths:0"] = "/opt/mt5/terminal64.exe",
    };

    private static readonly JsonObject Registered = Requests.SpecExample();

    [TestCase("name", "\"Renamed\"", "\"Renamed\"")]
    [TestCase("broker", "\"Other Broker\"", "\"Other Broker\"")]
    [TestCase("allowed_symbols", "[\"usdjpy\",\"XAUUSD.raw\"]", "[\"USDJPY\",\"XAUUSD.raw\"]")]
    [TestCase("allowed_symbols", "[]", "[]")]
    [TestCase("max_lot_size", "2.5", "2.5")]
    [TestCase("risk_pct", "0.02", "0.02")]
    [TestCase("auto_trade_enabled", "false", "false")]
    [TestCase("paper_trade_enabled", "true", "true")]
    [TestCase("is_active", "false", "false")]
    [TestCase("mt5_path", "\"/opt/mt5/terminal64.exe\"", "\"/opt/mt5/terminal64.exe\"")]
    [TestCase("is_live", "false", "false")]
    [TestCase("account_type", "\"USD\"", "\"USD\"")]
    public async Task Patch_ChangesTheFieldGiven_AndNothingElse(string field, string value, string stored)
    {
        var (id, etag) = await Client.RegisterAsync(Registered);
        using var before = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        var original = (await before.ReadJsonAsync()).AsObject();

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), $$"""{"{{field}}": {{value}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = (await response.ReadJsonAsync()).AsObject();
        using var after = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body[field]!.ToJsonString(), Is.EqualTo(stored));
            foreach (var (name, node) in original.Where(p => p.Key != field))
            {
                Assert.That(body[name]!.ToJsonString(), Is.EqualTo(node!.ToJsonString()), name);
            }

            Assert.That(await after.Content.ReadAsStringAsync(), Is.EqualTo(body.ToJsonString()), "stored as returned");
            var changed = original[field]!.ToJsonString() != stored;
            Assert.That(AccountWriteRequests.ETagOf(response), changed ? Is.Not.EqualTo(etag) : Is.EqualTo(etag));
            Assert.That(AccountWriteRequests.ETagOf(after), Is.EqualTo(AccountWriteRequests.ETagOf(response)));
        }
    }

    [Test]
    public async Task Patch_WithAnEmptyObject_ChangesNothing_AndKeepsTheETag()
    {
        var (id, etag) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), "{}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(AccountWriteRequests.ETagOf(response), Is.EqualTo(etag));
    }

    [Test]
    public async Task Patch_AcceptsMergePatchJson()
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(
            AccountWriteRequests.PathOf(id), """{"name": "Merge"}""", contentType: "application/merge-patch+json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.ReadJsonAsync())["name"]!.GetValue<string>(), Is.EqualTo("Merge"));
    }

    [TestCase("name")]
    [TestCase("broker")]
    [TestCase("allowed_symbols")]
    [TestCase("max_lot_size")]
    [TestCase("risk_pct")]
    [TestCase("auto_trade_enabled")]
    [TestCase("paper_trade_enabled")]
    [TestCase("is_active")]
    [TestCase("mt5_path")]
    [TestCase("is_live")]
    [TestCase("account_type")]
    public async Task Patch_Returns422_ForNull(string field)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), $$"""{"{{field}}": null, "{{(field == "name" ? "broker" : "name")}}": "Not stored"}""");

        await AssertUnchangedAfter422Async(response, id, $"body.{field}");
    }

    [TestCase("""{"name": ""}""", "body.name:string_too_short")]
    [TestCase("""{"name": 5}""", "body.name:string_type")]
    [TestCase("""{"max_lot_size": 0}""", "body.max_lot_size:greater_than")]
    [TestCase("""{"max_lot_size": 1000}""", "body.max_lot_size:less_than_equal")]
    [TestCase("""{"risk_pct": "x"}""", "body.risk_pct:float_parsing")]
    [TestCase("""{"is_active": "maybe"}""", "body.is_active:bool_parsing")]
    [TestCase("""{"account_type": "EUR"}""", "body.account_type:literal_error")]
    [TestCase("""{"allowed_symbols": ["EURUSD", "eurusd"]}""", "body.allowed_symbols.1:value_error")]
    [TestCase("""{"allowed_symbols": "EURUSD"}""", "body.allowed_symbols:list_type")]
    [TestCase("""{"login": 12345679}""", "body.login:value_error")]
    [TestCase("""{"server": "Other-Server"}""", "body.server:value_error")]
    public async Task Patch_Returns422_InFastApisShape_AndChangesNothing(string body, string expected)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(e => $"{Requests.Loc(e)}:{e!["type"]}"), Does.Contain(expected), errors.ToJsonString());
        await AssertUnchangedAsync(id);
    }

    [TestCase("login")]
    [TestCase("server")]
    public async Task Patch_OfTheLoginOrServer_SaysToRegisterTheNewAccount(string field)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { [field] = Registered[field]!.DeepClone() });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var error = (await response.ReadValidationErrorsAsync()).Single()!;
        Assert.That(error["msg"]!.GetValue<string>(), Is.EqualTo($"Value error, the {field} cannot change; register the new account instead"));
    }

    [TestCase("[1]")]
    [TestCase("\"text\"")]
    [TestCase("null")]
    [TestCase("{")]
    public async Task Patch_Returns422_ForABodyThatIsNoObject(string body)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        await AssertUnchangedAsync(id);
    }

    [Test]
    public async Task Patch_Returns400_NamingTheServersVariants_ForUnknownSymbols_AndChangesNothing()
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { ["name"] = "Not stored", ["allowed_symbols"] = new JsonArray("EURUSD", "XAUUSD") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadCodedErrorAsync(), Is.EqualTo((
            "allowed_symbols has symbols that MetaQuotes-Demo does not offer: XAUUSD (the server has XAUUSD.raw); use the server's exact symbol names",
            "symbols_unknown")));
        await AssertUnchangedAsync(id);
    }

    [Test]
    public async Task Patch_Returns400_ForAutoTradeOnAnAccountMt5DoesNotLetTrade()
    {
        var investor = Requests.SpecExample();
        investor["login"] = TestAccounts.InvestorLogin;
        investor["password"] = TestAccounts.InvestorPassword;
        investor["auto_trade_enabled"] = false;
        investor["allowed_symbols"] = new JsonArray("EURUSD");
        var (id, _) = await Client.RegisterAsync(investor);

        using var response = await Client.PatchAsync(id, new JsonObject { ["auto_trade_enabled"] = true });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(detail, Does.StartWith(
            $"auto_trade_enabled is true but MT5 reports trading is not allowed for account {TestAccounts.InvestorLogin} on {TestAccounts.DemoServer}"));
        Assert.That(code, Is.EqualTo("account_mismatch"));
        using var read = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        Assert.That((await read.ReadJsonAsync())["auto_trade_enabled"]!.GetValue<bool>(), Is.False);
    }

    [TestCase("""{"is_live": true}""", "is_live is true but MT5 reports account 12345678 on MetaQuotes-Demo is a demo account; set is_live to false")]
    [TestCase("""{"account_type": "USC"}""", "account_type is USC but MT5 reports the currency of account 12345678 on MetaQuotes-Demo is USD; set account_type to USD")]
    public async Task Patch_Returns400_WhenIsLiveOrAccountTypeDisagreesWithMt5(string body, string detail)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchRawAsync(AccountWriteRequests.PathOf(id), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.ReadCodedErrorAsync(), Is.EqualTo((detail, "account_mismatch")));
        await AssertUnchangedAsync(id);
    }

    [Test]
    public async Task Patch_Returns400_ForAnMt5PathThatIsNotAllowed()
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { ["mt5_path"] = "/tmp/other/terminal64.exe" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await response.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain("not an allowed terminal"));
        Assert.That(code, Is.EqualTo("terminal_not_allowed"));
        await AssertUnchangedAsync(id);
    }

    [Test]
    public async Task Patch_OfAnUnverifiedAccount_Returns400SayingToVerify_WhenItTouchesMt5Facts_AndChangesOtherFields()
    {
        var id = await StoreUnverifiedAsync();

        using var touching = await Client.PatchAsync(id, new JsonObject { ["allowed_symbols"] = new JsonArray("EURUSD") });
        using var other = await Client.PatchAsync(id, new JsonObject { ["name"] = "Still editable", ["auto_trade_enabled"] = false });

        Assert.That(touching.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (detail, code) = await touching.ReadCodedErrorAsync();
        Assert.That(detail, Does.Contain($"verify it first (POST /api/v1/accounts/{id}/verify)"));
        Assert.That(code, Is.EqualTo("account_not_verified"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), await other.Content.ReadAsStringAsync());
        Assert.That((await other.ReadJsonAsync())["name"]!.GetValue<string>(), Is.EqualTo("Still editable"));
    }

    [Test]
    public async Task Patch_WithAMatchingIfMatch_Returns200_WithANewETag()
    {
        var (id, etag) = await Client.RegisterAsync(Registered);

        using var first = await Client.PatchAsync(id, new JsonObject { ["name"] = "First" }, ifMatch: etag);
        using var second = await Client.PatchAsync(id, new JsonObject { ["name"] = "Second" }, ifMatch: $"\"99\", {AccountWriteRequests.ETagOf(first)}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(AccountWriteRequests.ETagOf(first), Is.EqualTo("\"2\""));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(AccountWriteRequests.ETagOf(second), Is.EqualTo("\"3\""));
        }
    }

    [TestCase("\"1\"")]
    [TestCase("W/\"2\"")]
    [TestCase("\"abc\"")]
    public async Task Patch_WithAStaleIfMatch_Returns412_AndChangesNothing(string ifMatch)
    {
        var (id, _) = await Client.RegisterAsync(Registered);
        using var moved = await Client.PatchAsync(id, new JsonObject { ["risk_pct"] = 0.02m });
        var current = await Client.GetStringAsync(AccountWriteRequests.PathOf(id));

        using var response = await Client.PatchAsync(id, new JsonObject { ["name"] = "Lost update" }, ifMatch: ifMatch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        await response.AssertErrorAsync("precondition_failed", Does.Contain("has changed since it was read"));
        Assert.That(await Client.GetStringAsync(AccountWriteRequests.PathOf(id)), Is.EqualTo(current));
    }

    [Test]
    public async Task Patch_WithIfMatchAny_Returns200()
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { ["name"] = "Any" }, ifMatch: "*");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("2")]
    [TestCase("\"2")]
    [TestCase("\"1\" \"2\"")]
    public async Task Patch_WithAMalformedIfMatch_Returns422(string ifMatch)
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { ["name"] = "Never" }, ifMatch: ifMatch);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(Requests.Loc((await response.ReadValidationErrorsAsync())[0]), Is.EqualTo("header.if-match"));
        await AssertUnchangedAsync(id);
    }

    [TestCase("42", HttpStatusCode.NotFound)]
    [TestCase("99999999999999999999999", HttpStatusCode.NotFound)]
    [TestCase("abc", HttpStatusCode.UnprocessableEntity)]
    [TestCase("1.5", HttpStatusCode.UnprocessableEntity)]
    public async Task Patch_OfAnIdWithNoAccount_Is404_AndOfOneThatIsNoInteger_Is422(string id, HttpStatusCode expected)
    {
        using var response = await Client.PatchRawAsync($"{Requests.AccountsPath}/{id}", """{"name": "Nobody"}""");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That((await response.ReadJsonAsync())["detail"], Is.Not.Null);
    }

    [Test]
    public async Task Patch_WithAnIdempotencyKey_IsReplayed_AndTheKeyOnAnotherRequestIs422()
    {
        var (id, _) = await Client.RegisterAsync(Registered);
        var body = new JsonObject { ["name"] = "Once" };

        using var first = await Client.PatchAsync(id, body, idempotencyKey: "patch-key-1");
        // Changed in between: a replay must give the first answer, not apply the change again.
        using var between = await Client.PatchAsync(id, new JsonObject { ["name"] = "Between" });
        using var replay = await Client.PatchAsync(id, body, idempotencyKey: "patch-key-1");
        using var reused = await Client.DeleteAsync(id, idempotencyKey: "patch-key-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
            Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "the key sent to another endpoint");
        }

        using var read = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        Assert.That((await read.ReadJsonAsync())["name"]!.GetValue<string>(), Is.EqualTo("Between"));
    }

    [Test]
    public async Task Patch_IsRecordedInTheAuditTrail_WithTheFieldsChanged()
    {
        var (id, _) = await Client.RegisterAsync(Registered);

        using var response = await Client.PatchAsync(id, new JsonObject { ["name"] = "Audited", ["max_lot_size"] = 0.1m });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var scope = Factory.Services.CreateAsyncScope();
        var events = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().AccountEvents
            .Where(e => e.AccountId == id).OrderBy(e => e.Id).ToList().TakeLast(2).ToList();
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { AccountEventType.Registered, AccountEventType.Updated }));
        // max_lot_size was sent with the value it had: not a change.
        Assert.That(events[^1].Changes, Is.EqualTo(new[] { new FieldChange(AccountFields.Name, "\"Live Trading Account\"", "\"Audited\"") }));
    }

    private async Task<long> StoreUnverifiedAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        var account = Account.Register(
            new AccountDetails("Imported", "Test Broker", 7_000_001, TestAccounts.AnyLoginServer, false, ["EURUSD"], 0.1m, 0.01m, true, "", AccountType.USD),
            protector.Protect(new Password(TestAccounts.AnyLoginPassword), 7_000_001, TestAccounts.AnyLoginServer),
            DateTimeOffset.UtcNow);
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    private async Task AssertUnchangedAfter422Async(HttpResponseMessage response, long id, string loc)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var errors = await response.ReadValidationErrorsAsync();
        Assert.That(errors.Select(Requests.Loc), Is.EqualTo(new[] { loc }), errors.ToJsonString());
        await AssertUnchangedAsync(id);
    }

    private async Task AssertUnchangedAsync(long id)
    {
        using var read = await Client.GetAsync(AccountWriteRequests.PathOf(id));
        Assert.That(AccountWriteRequests.ETagOf(read), Is.EqualTo("\"1\""), "nothing was changed");
    }
}
