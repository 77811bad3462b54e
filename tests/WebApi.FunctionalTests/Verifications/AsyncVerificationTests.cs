using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using static AccountRegistry.WebApi.FunctionalTests.Accounts.CredentialRequests;
using static AccountRegistry.WebApi.FunctionalTests.Verifications.AsyncRequests;

namespace AccountRegistry.WebApi.FunctionalTests.Verifications;

/// <summary>
/// <c>Prefer: respond-async</c> on register, password change and verify: a 202 with the job, then
/// the job's result, exactly what the synchronous call answers.
/// </summary>
public sealed class AsyncVerificationTests : SharedServiceTest
{
    [Test]
    public async Task Register_RespondAsync_Answers202_AndTheJobsResultIsTheAccountAsTheSyncCallAnswersIt()
    {
        using var accepted = await PostAccountAsync(Client, Requests.SpecExample());
        var location = await AcceptedJobAsync(accepted);
        var queued = await accepted.ReadJsonAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(accepted.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
            Assert.That(accepted.Headers.GetValues("Preference-Applied"), Is.EqualTo(new[] { "respond-async" }));
            Assert.That(accepted.Headers.Vary, Does.Contain("Prefer"));
            Assert.That(queued["id"]!.GetValue<string>(), Is.EqualTo(JobId(location)));
            Assert.That(queued["kind"]!.GetValue<string>(), Is.EqualTo("register"));
            Assert.That(queued["status"]!.GetValue<string>(), Is.EqualTo("queued"));
            Assert.That(queued["result"], Is.Null);
            Assert.That(queued.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "id", "kind", "status", "created_at", "started_at", "finished_at", "result" }));
        }

        var job = await EndedAsync(Client, location);
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("succeeded"), job.ToJsonString());
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        var account = job["result"]!["body"]!;
        var id = account["id"]!.GetValue<long>();

        // The account as the API reads it back, byte for byte; and the same shape as a synchronous registration's.
        using var read = await Client.GetAsync($"{Requests.AccountsPath}/{id}");
        Assert.That(account.ToJsonString(), Is.EqualTo((await read.ReadJsonAsync()).ToJsonString()));
        using var sync = await PostAccountAsync(Client, Requests.ForLogin(5550001), prefer: null);
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(account.AsObject().Select(p => p.Key), Is.EqualTo((await sync.ReadJsonAsync()).AsObject().Select(p => p.Key)));

        using var again = await Client.GetAsync(location);
        Assert.That(again.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/accounts/{id}"));
        Assert.That(again.Headers.RetryAfter, Is.Null);
    }

    [Test]
    public async Task Register_RespondAsync_WithAWrongPassword_EndsFailed_With400_AsTheSyncCallAnswers()
    {
        var request = Requests.SpecExample();
        request["password"] = "Wrong-Password-1";

        var job = await EndedAsync(Client, await AcceptedJobAsync(await PostAccountAsync(Client, request)));
        using var sync = await PostAccountAsync(Client, request, prefer: null);

        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("failed"));
            Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(400));
            Assert.That(job["result"]!["body"]!.ToJsonString(), Is.EqualTo((await sync.ReadJsonAsync()).ToJsonString()));
        }
    }

    [Test]
    public async Task Register_RespondAsync_OfAKnownLogin_EndsFailed_With409_AsTheSyncCallAnswers()
    {
        using var first = await PostAccountAsync(Client, Requests.SpecExample(), prefer: null);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var job = await EndedAsync(Client, await AcceptedJobAsync(await PostAccountAsync(Client, Requests.SpecExample())));
        using var sync = await PostAccountAsync(Client, Requests.SpecExample(), prefer: null);

        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(409));
        Assert.That(job["result"]!["body"]!.ToJsonString(), Is.EqualTo((await sync.ReadJsonAsync()).ToJsonString()));
    }

    [Test]
    public async Task Verify_RespondAsync_EndsWith200_AndTheVerification_AsTheAccountKeepsIt()
    {
        var id = await RegisterAsync(Client, Requests.SpecExample());

        var location = await AcceptedJobAsync(await SendAsync(Client, HttpMethod.Post, VerifyPath(id), null));
        var job = await EndedAsync(Client, location);

        Assert.That(job["kind"]!.GetValue<string>(), Is.EqualTo("verify"));
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(job["result"]!["body"]!.ToJsonString(), Is.EqualTo((await VerificationAsync(Client, id)).ToJsonString()));
        using var read = await Client.GetAsync(location);
        Assert.That(read.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/accounts/{id}"));
    }

    [Test]
    public async Task ChangePassword_RespondAsync_EndsWith204_WithoutBody_AndTheNewPasswordIsStored()
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(5550002));

        var location = await AcceptedJobAsync(await SendAsync(Client, HttpMethod.Put, PasswordPath(id),
            new JsonObject { ["password"] = TestAccounts.AnyLoginPassword }, ifMatch: ETag(1)));
        var job = await EndedAsync(Client, location);

        Assert.That(job["kind"]!.GetValue<string>(), Is.EqualTo("password_change"));
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo("succeeded"));
        Assert.That(job["result"]!.ToJsonString(), Is.EqualTo("""{"status_code":204,"body":null}"""));
        var events = await EventsAsync(Factory, id);
        Assert.That(Application.Events.AccountEventTypes.NameOf(events[^1].Type), Is.EqualTo("password_changed"));
    }

    [Test]
    public async Task ChangePassword_RespondAsync_WithAStaleIfMatch_EndsWith412_WhenItRuns()
    {
        var id = await RegisterAsync(Client, Requests.ForLogin(5550003));
        var body = new JsonObject { ["password"] = TestAccounts.AnyLoginPassword };

        var job = await EndedAsync(Client, await AcceptedJobAsync(await SendAsync(Client, HttpMethod.Put, PasswordPath(id), body, ifMatch: ETag(7))));
        using var sync = await SendAsync(Client, HttpMethod.Put, PasswordPath(id), body, prefer: null, ifMatch: ETag(7));

        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(412));
        Assert.That(job["result"]!["body"]!.ToJsonString(), Is.EqualTo((await sync.ReadJsonAsync()).ToJsonString()));
    }

    [Test]
    public async Task WithoutRespondAsync_TheAnswerIsSynchronous_AndVariesOnPrefer()
    {
        using var plain = await PostAccountAsync(Client, Requests.ForLogin(5550004), prefer: null);
        using var other = await PostAccountAsync(Client, Requests.ForLogin(5550005), prefer: "return=minimal, wait=5");
        using var lookalike = await PostAccountAsync(Client, Requests.ForLogin(5550006), prefer: "respond-asynchronously");

        using (Assert.EnterMultipleScope())
        {
            foreach (var response in new[] { plain, other, lookalike })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
                Assert.That(response.Headers.Vary, Does.Contain("Prefer"));
                Assert.That(response.Headers.Contains("Preference-Applied"), Is.False);
            }
        }
    }

    [TestCase("RESPOND-ASYNC")]
    [TestCase("wait=10, respond-async")]
    [TestCase("handling=lenient; x=\"a,b\", Respond-Async; y=1")]
    public async Task RespondAsync_IsReadAsRfc7240Says(string prefer)
    {
        using var response = await PostAccountAsync(Client, Requests.ForLogin(5550010 + prefer.Length), prefer);

        await AcceptedJobAsync(response);
    }

    [Test]
    public async Task RespondAsync_InASecondPreferHeader_IsHonoured()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Requests.AccountsPath)
        {
            Content = new StringContent(Requests.ForLogin(5550030).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        request.Headers.TryAddWithoutValidation("Prefer", "respond-async");

        using var response = await Client.SendAsync(request);

        await AcceptedJobAsync(response);
    }

    [Test]
    public async Task AnInvalidBody_Is422AtOnce_NothingQueued()
    {
        var request = Requests.SpecExample();
        request["login"] = -1;

        using var response = await PostAccountAsync(Client, request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Headers.Vary, Does.Contain("Prefer"));
    }

    [Test]
    public async Task AnIdempotencyKey_ReplaysThe202_WithTheSameJob()
    {
        using var first = await PostAccountAsync(Client, Requests.ForLogin(5550040), idempotencyKey: "async-key-1");
        var location = await AcceptedJobAsync(first);
        using var replay = await PostAccountAsync(Client, Requests.ForLogin(5550040), idempotencyKey: "async-key-1");

        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(replay.Headers.Location?.ToString(), Is.EqualTo(location));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That((await replay.ReadJsonAsync())["id"]!.GetValue<string>(), Is.EqualTo(JobId(location)));
        var job = await EndedAsync(Client, location);
        Assert.That(job["result"]!["status_code"]!.GetValue<int>(), Is.EqualTo(201));
        Assert.That(await Factory.CountAccountsAsync(), Is.EqualTo(1));
    }

    [TestCase("AAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("not-a-job")]
    public async Task AnUnknownJob_Is404(string id)
    {
        using var response = await Client.GetAsync($"/api/v1/verifications/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo($$"""{"detail":"Verification {{id}} not found","code":"verification_not_found"}"""));
    }

    [Test]
    public async Task AnOverlongJobId_Is404_WithoutEchoingItWhole()
    {
        var id = new string('a', 300);

        using var response = await Client.GetAsync($"/api/v1/verifications/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadJsonAsync()).ToJsonString(), Is.EqualTo("""{"detail":"Verification not found","code":"verification_not_found"}"""));
    }
}
