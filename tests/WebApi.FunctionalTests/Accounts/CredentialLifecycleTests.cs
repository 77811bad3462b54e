using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Events;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Serilog.Events;
using static AccountRegistry.WebApi.FunctionalTests.Accounts.CredentialRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Accounts;

/// <summary>
/// The stored credentials over time: the broker changes the password (a second service on the same
/// database, whose Sandbox knows the new one), MT5 goes down, the service loses the key, the caller
/// guesses. Each test runs its own services.
/// </summary>
public sealed class CredentialLifecycleTests
{
    private const long Login = 5500001;
    private const string Server = "Rotation-Demo";
    private const string OldPassword = "Old-Broker-Password-1";
    private const string NewPassword = "New-Broker-Password-2";

    [Test]
    public async Task AfterTheBrokerChangedThePassword_VerifyIsRejected_AndChangingItHereMakesItVerifiedAgain()
    {
        await using var before = new AccountRegistryFactory(Broker(OldPassword));
        using var beforeClient = before.CreateClient();
        var id = await RegisterAsync(beforeClient, Request());
        using var first = await VerifyAsync(beforeClient, id);
        var verified = await first.ReadJsonAsync();
        Assert.That(verified["mt5"]!.ToJsonString(), Is.EqualTo(
            """{"company":"Rotation Broker Ltd.","currency":"EUR","trade_mode":"demo","trade_allowed":true,"symbol_count":2}"""));

        await using var after = new AccountRegistryFactory(Broker(NewPassword, before.DataDirectory));
        using var client = after.CreateClient();

        using var rejected = await VerifyAsync(client, id);
        var rejection = await rejected.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a rejection is a result");
            Assert.That(rejection["status"]!.GetValue<string>(), Is.EqualTo("rejected"));
            Assert.That(rejection["detail"]!.GetValue<string>(), Is.EqualTo("Invalid account"));
            Assert.That(rejection["checked_at"]!.GetValue<string>(), Is.Not.EqualTo(verified["checked_at"]!.GetValue<string>()));
            Assert.That(rejection["verified_at"]!.GetValue<string>(), Is.EqualTo(verified["verified_at"]!.GetValue<string>()));
            Assert.That(rejection["mt5"]!.ToJsonString(), Is.EqualTo(verified["mt5"]!.ToJsonString()), "the last known facts stay");
            Assert.That((await VerificationAsync(client, id)).ToJsonString(), Is.EqualTo(rejection.ToJsonString()));
        }

        // The old password, which MT5 no longer takes, is refused and nothing changes.
        using var refused = await PutPasswordAsync(client, id, OldPassword, ifMatch: ETag(1));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var sealedOld = await StoredCiphertextAsync(after, id);

        using var changed = await PutPasswordAsync(client, id, NewPassword, ifMatch: ETag(1));
        using var again = await VerifyAsync(client, id);
        var reverified = await again.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await changed.Content.ReadAsStringAsync());
            Assert.That(ETagOf(changed), Is.EqualTo(ETag(2)));
            Assert.That(await StoredCiphertextAsync(after, id), Is.Not.EqualTo(sealedOld));
            Assert.That(await StoredPasswordAsync(after, id, Login, Server), Is.EqualTo(NewPassword));
            Assert.That(reverified["status"]!.GetValue<string>(), Is.EqualTo("verified"));
            Assert.That(reverified["detail"], Is.Null);
        }

        var events = await EventsAsync(after, id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => AccountEventTypes.NameOf(e.Type)).Where(type => type != "registered"),
                Is.EqualTo(new[] { "verified", "verification_rejected", "password_changed", "verified" }));
            Assert.That(events.SelectMany(e => e.Changes), Is.Empty, "no password, nor anything else, in the trail's changes");
            Assert.That(events.Select(e => e.Actor), Is.All.StartsWith("address:"));
            var logs = before.LogEvents.Concat(after.LogEvents).Select(e => e.RenderAll()).ToList();
            Assert.That(logs, Has.None.Contains(OldPassword).And.None.Contains(NewPassword));
        }
    }

    [Test]
    public async Task WhileMt5IsDown_ChangeAndVerify_Return503_AndNothingIsRecorded()
    {
        await using var before = new AccountRegistryFactory(Broker(OldPassword));
        using var beforeClient = before.CreateClient();
        var id = await RegisterAsync(beforeClient, Request());
        using (await VerifyAsync(beforeClient, id))
        {
        }

        await using var down = new AccountRegistryFactory(new Dictionary<string, string?>(Broker(OldPassword, before.DataDirectory))
        {
            ["Mt5:Sandbox:Available"] = "false",
        });
        using var client = down.CreateClient();
        var verification = (await VerificationAsync(client, id)).ToJsonString();
        var ciphertext = await StoredCiphertextAsync(down, id);
        var events = (await EventsAsync(down, id)).Count;

        using var change = await PutPasswordAsync(client, id, OldPassword);
        using var verify = await VerifyAsync(client, id);

        using (Assert.EnterMultipleScope())
        {
            foreach (var response in new[] { change, verify })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(RetryAfter(response)?.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
                Assert.That(await response.ReadCodedErrorAsync(), Is.EqualTo(("MT5 connection failed; try again later", "mt5_unavailable")));
            }

            Assert.That((await VerificationAsync(client, id)).ToJsonString(), Is.EqualTo(verification));
            Assert.That(await StoredCiphertextAsync(down, id), Is.EqualTo(ciphertext));
            Assert.That(await EventsAsync(down, id), Has.Count.EqualTo(events));
        }
    }

    [Test]
    public async Task AStoredPasswordNoKeyOpens_Is503ForTheOperator_NothingIsRecorded_AndSettingThePasswordAgainMends()
    {
        await using var before = new AccountRegistryFactory(Broker(OldPassword));
        using var beforeClient = before.CreateClient();
        var id = await RegisterAsync(beforeClient, Request());

        // The key the password was sealed under is gone from the configuration.
        await using var rekeyed = new AccountRegistryFactory(new Dictionary<string, string?>(Broker(OldPassword, before.DataDirectory))
        {
            [$"Encryption:Keys:{AccountRegistryFactory.EncryptionKeyId}"] = null,
            ["Encryption:Keys:test-2"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray()),
            ["Encryption:ActiveKeyId"] = "test-2",
        });
        using var client = rekeyed.CreateClient();
        var verification = (await VerificationAsync(client, id)).ToJsonString();

        using var verify = await VerifyAsync(client, id);

        var (detail, code) = await verify.ReadCodedErrorAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(code, Is.EqualTo("password_unreadable"));
            Assert.That(detail, Is.EqualTo(
                $"The stored password of account {id} cannot be decrypted with the service's encryption keys; an operator must restore its key, " +
                $"or the password can be set again (PUT /api/v1/accounts/{id}/password)"));
            Assert.That(RetryAfter(verify), Is.Null, "waiting does not mend it");
            Assert.That((await VerificationAsync(client, id)).ToJsonString(), Is.EqualTo(verification));
            Assert.That((await EventsAsync(rekeyed, id)).Select(e => AccountEventTypes.NameOf(e.Type)), Has.None.StartsWith("verif"));
            Assert.That(rekeyed.LogEvents.Where(e => e.Level == LogEventLevel.Error).Select(e => e.RenderAll()),
                Has.Some.Contains("names key 'test-1', which is not configured"), "the operator is told which key");
        }

        using var change = await PutPasswordAsync(client, id, OldPassword);
        using var mended = await VerifyAsync(client, id);
        Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await mended.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("verified"));
        Assert.That(await StoredCiphertextAsync(rekeyed, id), Does.StartWith("v2:test-2:"));
    }

    [Test]
    public async Task RejectedPasswordChanges_LockTheLoginOut_ForChangeAndVerifyAlike_WithoutAskingMt5()
    {
        CountingGateway? mt5 = null;
        var settings = new Dictionary<string, string?>(Broker(OldPassword)) { ["Lockout:MaxFailures"] = "2" };
        await using var factory = new AccountRegistryFactory(settings, s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var id = await RegisterAsync(client, Request());

        using var first = await PutPasswordAsync(client, id, "Guess-1");
        using var second = await PutPasswordAsync(client, id, "Guess-2");
        using var locked = await PutPasswordAsync(client, id, OldPassword);
        using var verify = await VerifyAsync(client, id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(new[] { locked.StatusCode, verify.StatusCode }, Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(RetryAfter(locked)?.Delta, Is.GreaterThan(TimeSpan.FromMinutes(14)));
            Assert.That((await locked.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain($"login {Login}"));
            Assert.That(mt5!.Calls, Is.EqualTo(3), "the registration and the two guesses; nothing after the lock");
            Assert.That(await StoredPasswordAsync(factory, id, Login, Server), Is.EqualTo(OldPassword));
        }
    }

    [Test]
    public async Task AReVerification_DoesNotWipeTheCallersWrongGuesses_FromTheLockout()
    {
        var settings = new Dictionary<string, string?>(Broker(OldPassword)) { ["Lockout:MaxFailures"] = "2" };
        await using var factory = new AccountRegistryFactory(settings);
        using var client = factory.CreateClient();
        var id = await RegisterAsync(client, Request());

        using var firstGuess = await PutPasswordAsync(client, id, "Guess-1");
        using var verify = await VerifyAsync(client, id);
        using var secondGuess = await PutPasswordAsync(client, id, "Guess-2");
        using var thirdGuess = await PutPasswordAsync(client, id, "Guess-3");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { firstGuess.StatusCode, secondGuess.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await verify.ReadJsonAsync())["status"]!.GetValue<string>(), Is.EqualTo("verified"));
            Assert.That(thirdGuess.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "two wrong guesses lock the caller out, a verification between them or not");
        }
    }

    [Test]
    public async Task RejectedReVerifications_DoNotLockTheOwnerOut_OfSettingTheNewPassword()
    {
        await using var before = new AccountRegistryFactory(Broker(OldPassword));
        using var beforeClient = before.CreateClient();
        var id = await RegisterAsync(beforeClient, Request());

        var settings = new Dictionary<string, string?>(Broker(NewPassword, before.DataDirectory)) { ["Lockout:MaxFailures"] = "2" };
        await using var after = new AccountRegistryFactory(settings);
        using var client = after.CreateClient();
        var statuses = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var rejected = await VerifyAsync(client, id);
            statuses.Add((await rejected.ReadJsonAsync())["status"]!.GetValue<string>());
        }

        using var changed = await PutPasswordAsync(client, id, NewPassword);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.EqualTo("rejected"));
            Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "the stored password's rejections are not the owner's guesses");
        }
    }

    [Test]
    public async Task ChangeAndVerify_CountAgainstTheRegistrationsRateLimit_ReadsDoNot()
    {
        var settings = new Dictionary<string, string?>(Broker(OldPassword)) { ["RateLimiting:RegisterPerMinute"] = "2" };
        await using var factory = new AccountRegistryFactory(settings);
        using var client = factory.CreateClient();
        var id = await RegisterAsync(client, Request());

        using var verify = await VerifyAsync(client, id);
        using var change = await PutPasswordAsync(client, id, OldPassword);
        using var verifyAgain = await VerifyAsync(client, id);
        using var read = await client.GetAsync(VerificationPath(id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(verify.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(new[] { change.StatusCode, verifyAgain.StatusCode }, Is.All.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(RetryAfter(change), Is.Not.Null);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task WhileAnotherCheckOfTheLoginIsInFlight_Verify_Returns409_WithRetryAfter()
    {
        CountingGateway? mt5 = null;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new AccountRegistryFactory(Broker(OldPassword), s => CountingGateway.Install(s, c => mt5 = c));
        using var client = factory.CreateClient();
        var id = await RegisterAsync(client, Request());

        mt5!.HoldUntil = release.Task;
        var inFlight = VerifyAsync(client, id);
        await CountingGateway.WaitForCallsAsync(() => mt5, 2);
        using var meanwhile = await PutPasswordAsync(client, id, OldPassword);
        release.SetResult();
        using var finished = await inFlight;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(meanwhile.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await meanwhile.ReadJsonAsync())["detail"]!.GetValue<string>(), Does.Contain("already in progress"));
            Assert.That(RetryAfter(meanwhile)?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(mt5.Calls, Is.EqualTo(2), "the conflicting change never reached MT5");
        }
    }

    // One Sandbox account, on a server of its own, whose broker-side password is the one given.
    private static Dictionary<string, string?> Broker(string password, string? dataDirectory = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mt5:Sandbox:Accounts:9:Login"] = Login.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mt5:Sandbox:Accounts:9:Password"] = password,
            ["Mt5:Sandbox:Accounts:9:Server"] = Server,
            ["Mt5:Sandbox:Accounts:9:Company"] = "Rotation Broker Ltd.",
            ["Mt5:Sandbox:Accounts:9:Currency"] = "EUR",
            ["Mt5:Sandbox:Accounts:9:TradeMode"] = "Demo",
            ["Mt5:Sandbox:Accounts:9:Symbols:0"] = "EURUSD",
            ["Mt5:Sandbox:Accounts:9:Symbols:1"] = "GBPUSD",
        };
        if (dataDirectory is not null)
        {
            settings["Database:DataDirectory"] = dataDirectory;
        }

        return settings;
    }

    private static JsonObject Request()
    {
        var request = Requests.ForLogin(Login);
        request["password"] = OldPassword;
        request["server"] = Server;
        return request;
    }
}
