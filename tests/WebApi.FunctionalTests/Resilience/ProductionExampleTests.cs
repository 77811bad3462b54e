using System.Net;
using System.Security.Cryptography;
using System.Text;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>
/// The README's production example: the key comes from a key-per-file secrets folder, so the
/// passwords one run stores still open after a restart.
/// </summary>
public sealed class ProductionExampleTests : ServiceProcessTest
{
    [Test]
    public async Task AKeyInTheSecretsFolder_OpensThePasswordsOfAnEarlierRun()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(DataDirectory, "secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__Keys__k1"), NewKey() + "\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__ActiveKeyId"), "k1");
        var data = Path.Combine(DataDirectory, "data");
        var settings = new Dictionary<string, string>
        {
            // No key but the folder's.
            [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = string.Empty,
            ["Encryption__ActiveKeyId"] = string.Empty,
            ["SECRETS_DIR"] = secrets,
        };

        await using (var first = await ServiceProcess.StartAsync(data, settings))
        {
            using var created = await RegisterAsync(first.Client, 8996001);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            first.Terminate();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await using (var second = await ServiceProcess.StartAsync(data, settings))
        {
            using var read = await second.Client.GetAsync($"{Requests.AccountsPath}/1");
            using var created = await RegisterAsync(second.Client, 8996002);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That((await read.ReadJsonAsync())["login"]!.GetValue<long>(), Is.EqualTo(8996001));
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            second.Terminate();
            await second.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // Rotating to a new key opens every stored password with k1: both runs' passwords open only
        // if k1 stayed the same across the restart.
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__Keys__k2"), NewKey());
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__ActiveKeyId"), "k2");
        var (exitCode, output) = await ServiceProcess.RunAsync(data, settings, "reencrypt-passwords");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("Re-encrypted 2 passwords under the active key.").And.Not.Contain("could not be opened"));
        }
    }

    [Test]
    public async Task AKeyThatChangesBetweenRuns_LeavesTheEarlierPasswordsUnopenable()
    {
        // The README's earlier example made a new key each run: what the test above guards against.
        var data = Path.Combine(DataDirectory, "data");
        var firstKey = new Dictionary<string, string> { [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = NewKey() };
        await using (var first = await ServiceProcess.StartAsync(data, firstKey))
        {
            using var created = await RegisterAsync(first.Client, 8996003);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var (exitCode, output) = await ServiceProcess.RunAsync(data, new Dictionary<string, string>
        {
            [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = NewKey(),
            ["Encryption__Keys__k2"] = NewKey(),
            ["Encryption__ActiveKeyId"] = "k2",
        }, "reencrypt-passwords");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("1 passwords could not be opened"));
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, long login) =>
        client.PostAsync(Requests.AccountsPath, new StringContent(Requests.ForLogin(login).ToJsonString(), Encoding.UTF8, "application/json"));
}
