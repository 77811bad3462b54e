using System.Net;
using System.Text.Json.Nodes;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// docs/password-format.md's reference decryptor (docs/python/decrypt_password.py, run by Python with
/// python3-cryptography) opens what the service stored through its register endpoint, read straight
/// from the database column, and the page's test vector.
/// </summary>
public sealed class PythonDecryptorTests
{
    private const string Decryptor = "docs/python/decrypt_password.py";
    private const string UnicodeServer = "Brökér-Démo ✓";
    private const string UnicodePassword = "Tr4de-p@ss wörd ✓ 東京 \"quoted\" \\ 🔑";
    private const string LongServer = "Broker-Long";
    private static readonly string LongPassword = string.Concat(Enumerable.Repeat("€ü", 64)); // 128 characters, 320 bytes of UTF-8

    [Test]
    public async Task Decryptor_OpensEveryPasswordTheServiceStored()
    {
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Mt5:Sandbox:Accounts:10:Password"] = UnicodePassword,
            ["Mt5:Sandbox:Accounts:10:Server"] = UnicodeServer,
            ["Mt5:Sandbox:Accounts:10:Symbols:0"] = "EURUSD",
            ["Mt5:Sandbox:Accounts:11:Password"] = LongPassword,
            ["Mt5:Sandbox:Accounts:11:Server"] = LongServer,
            ["Mt5:Sandbox:Accounts:11:Symbols:0"] = "EURUSD",
        });
        using var client = factory.CreateClient();
        var expected = new Dictionary<long, string>
        {
            [TestAccounts.DemoLogin] = TestAccounts.DemoPassword,
            [5500001] = TestAccounts.AnyLoginPassword,
            [5500002] = UnicodePassword,
            [5500003] = LongPassword,
        };
        foreach (var request in new[]
        {
            Requests.SpecExample(),
            Requests.ForLogin(5500001),
            Request(5500002, UnicodePassword, UnicodeServer),
            Request(5500003, LongPassword, LongServer),
        })
        {
            using var created = await client.PostJsonAsync(request);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var rows = new JsonArray();
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT login, server, password_encrypted FROM accounts";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(new JsonObject { ["login"] = reader.GetInt64(0), ["server"] = reader.GetString(1), ["password_encrypted"] = reader.GetString(2) });
            }
        }

        // The same rows, one pointed at another server: that password must not open.
        rows.Add(new JsonObject
        {
            ["login"] = 5500002,
            ["server"] = UnicodeServer.ToUpperInvariant(),
            ["password_encrypted"] = rows.Single(row => (long)row!["login"]! == 5500002)!["password_encrypted"]!.GetValue<string>(),
        });
        var opened = await DecryptAsync(new JsonObject { [AccountRegistryFactory.EncryptionKeyId] = AccountRegistryFactory.EncryptionKey }, rows);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(opened.Take(expected.Count).Select(o => (long)o!["login"]!), Is.EquivalentTo(expected.Keys));
            foreach (var result in opened.Take(expected.Count))
            {
                Assert.That(result!["password"]?.GetValue<string>(), Is.EqualTo(expected[(long)result["login"]!]), result.ToJsonString());
            }

            Assert.That(opened[^1]!["error"]?.GetValue<string>(), Is.EqualTo("InvalidTag"), "bound to the stored server");
        }
    }

    [Test]
    public async Task Decryptor_OpensThePagesTestVector_InBothFormats()
    {
        // docs/password-format.md, "Test vector" (also AesGcmPasswordProtectorKnownAnswerTests).
        var rows = new JsonArray(
            Row("v2:kat-2026:ZWZnaGlqa2xtbm9wOXAdmYpesh0zY+fKqqEvb8C4yAq+8rd1krm06iXXBaEZ6rT6", 51234567),
            Row("kat-2026:AQIDBAUGBwgJCgsM8lhhVE8JxzU9hMd6hylx0p7Wxvcn/HLRh1dycRmS6Z8sXjra", 51234567),
            Row("v2:kat-2026:ZWZnaGlqa2xtbm9wOXAdmYpesh0zY+fKqqEvb8C4yAq+8rd1krm06iXXBaEZ6rT6", 51234568),
            Row("v2:other:ZWZnaGlqa2xtbm9wOXAdmYpesh0zY+fKqqEvb8C4yAq+8rd1krm06iXXBaEZ6rT6", 51234567));

        var opened = await DecryptAsync(new JsonObject { ["kat-2026"] = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=" }, rows);

        Assert.That(
            opened.Select(o => o!["password"]?.GetValue<string>() ?? o["error"]!.GetValue<string>()),
            Is.EqualTo(new[] { "Tr4de-p@ss wörd ✓", "Tr4de-p@ss wörd ✓", "InvalidTag", "KeyError" }));

        static JsonObject Row(string stored, long login) =>
            new() { ["login"] = login, ["server"] = "MetaQuotes-Demo", ["password_encrypted"] = stored };
    }

    private static async Task<JsonArray> DecryptAsync(JsonObject keys, JsonArray rows)
    {
        var output = await Python.RunAsync(new JsonObject { ["keys"] = keys, ["rows"] = rows }.ToJsonString(), Python.RepositoryFile(Decryptor));
        return JsonNode.Parse(output)!.AsArray();
    }

    private static JsonObject Request(long login, string password, string server)
    {
        var request = Requests.ForLogin(login);
        request["password"] = password;
        request["server"] = server;
        return request;
    }
}
