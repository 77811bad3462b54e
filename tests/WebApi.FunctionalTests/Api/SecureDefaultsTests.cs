using System.Net;
using System.Runtime.Versioning;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>What a deployment gets without asking: refusals that say what to fix, and safe defaults.</summary>
public sealed class SecureDefaultsTests : ServiceProcessTest
{
    [Test]
    public async Task OutsideDevelopment_TheDocsAreOff_UnlessDocsEnabled()
    {
        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        using var docs = await client.GetAsync("/docs");
        using var document = await client.GetAsync("/openapi/v1.json");

        Assert.That(new[] { docs.StatusCode, document.StatusCode }, Is.All.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ApiResponses_AreNeverCached_AndHttpsResponsesCarryHsts()
    {
        await using var factory = new AccountRegistryFactory();
        using var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://registry.example") });
        using var http = factory.CreateClient();

        using var list = await https.GetAsync(Requests.AccountsPath);
        using var missing = await https.GetAsync(Requests.AccountsPath + "/999");
        using var health = await https.GetAsync("/health/live");
        using var plain = await http.GetAsync(Requests.AccountsPath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.Headers.CacheControl?.NoStore, Is.True);
            Assert.That(missing.Headers.CacheControl?.NoStore, Is.True, "errors too");
            Assert.That(list.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age="));
            Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False, "HSTS is for HTTPS responses only");
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task TheDataFolder_AndTheDatabaseFiles_AreTheOwnersOnly()
    {
        var folder = Path.Combine(DataDirectory, "fresh", "data");
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder });
        using var client = factory.CreateClient();
        using var created = await client.PostJsonAsync(Requests.SpecExample());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        const UnixFileMode ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode ownerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(ownerOnlyFolder));
            Assert.That(File.GetUnixFileMode(Path.Combine(DataDirectory, "fresh")), Is.EqualTo(ownerOnlyFolder), "and the parent it had to create");
            foreach (var file in Directory.EnumerateFiles(folder, "account-registry.testing.db*"))
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(ownerOnlyFile), Path.GetFileName(file));
            }

            Assert.That(Directory.EnumerateFiles(folder, "account-registry.testing.db*").Count(), Is.GreaterThanOrEqualTo(2), "the database and its WAL");
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task ADatabaseAnOlderVersionLeftReadableByOthers_IsMadeTheOwnersOnly()
    {
        var folder = Path.Combine(DataDirectory, "old");
        await using (var first = new AccountRegistryFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder }))
        {
            using var client = first.CreateClient();
        }

        var database = Path.Combine(folder, "account-registry.testing.db");
        const UnixFileMode worldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(database, worldReadable);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);

        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = folder });
        using var restarted = factory.CreateClient();

        Assert.That(File.GetUnixFileMode(database), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(
            factory.LogEvents.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)),
            Has.Some.Contain("may be entered by other users"), "the folder is the operator's to fix: a warning");
    }

    [Test]
    [Platform(Include = "Linux")]
    [SupportedOSPlatform("linux")]
    public async Task TheService_KeepsItsMemoryAndEnvironment_FromOtherProcessesOfItsUser()
    {
        // As any process starts: dumpable, its /proc/<pid>/environ (the keys) readable by its user's
        // other processes, the MT5 terminals included. The test host is the service's process here.
        Assert.That(prctl(4, 1, 0, 0, 0), Is.Zero);
        Assert.That(ProcessHardening.IsDumpable, Is.True);

        await using var factory = new AccountRegistryFactory();
        using var client = factory.CreateClient();

        Assert.That(ProcessHardening.IsDumpable, Is.False, "the service marked itself not dumpable at start");
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [Test]
    public async Task KeysCanComeFromASecretsFolder_InsteadOfTheEnvironment()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(DataDirectory, "secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__Keys__file-key"), AccountRegistryFactory.EncryptionKey + "\n");
        await File.WriteAllTextAsync(Path.Combine(secrets, "Encryption__ActiveKeyId"), "file-key");
        var data = Path.Combine(DataDirectory, "data");

        await using (var service = await ServiceProcess.StartAsync(data, new Dictionary<string, string>
        {
            [$"Encryption__Keys__{AccountRegistryFactory.EncryptionKeyId}"] = string.Empty,
            ["Encryption__ActiveKeyId"] = string.Empty,
            ["SECRETS_DIR"] = secrets,
        }))
        {
            using var created = await service.Client.PostAsync(Requests.AccountsPath,
                new StringContent(Requests.ForLogin(8970001).ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var ciphertext = await SingleCiphertextAsync(Path.Combine(data, "account-registry.db"));
        Assert.That(ciphertext, Does.Contain("file-key"), "sealed under the key from the secrets folder");
    }

    private static async Task<string> SingleCiphertextAsync(string database)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_encrypted FROM accounts";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
