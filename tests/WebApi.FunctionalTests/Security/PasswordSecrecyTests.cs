using System.Net;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Security;

/// <summary>
/// The MT5 password reaches no response, no log line at any level, and no database file; the
/// stored ciphertext decrypts to it.
/// </summary>
public sealed class PasswordSecrecyTests
{
    private const string Password = "Very-Secret-Mt5-Password-42";
    private const string Server = "Secrecy-Demo";

    private AccountRegistryFactory _factory = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartService()
    {
        _factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Mt5:Sandbox:Accounts:9:Password"] = Password,
            ["Mt5:Sandbox:Accounts:9:Server"] = Server,
            ["Mt5:Sandbox:Accounts:9:Symbols:0"] = "EURUSD",
        });
        _client = _factory.CreateClient();
    }

    [TearDown]
    public async Task StopService()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task StoredPassword_IsEncrypted_AndDecryptsToThePassword()
    {
        using var response = await RegisterAsync(login: 4400001, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
        var stored = await db.Database
            .SqlQueryRaw<string>("SELECT password_encrypted AS Value FROM accounts WHERE login = {0}", 4400001)
            .SingleAsync();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Does.StartWith($"v2:{AccountRegistryFactory.EncryptionKeyId}:"));
            Assert.That(stored, Does.Not.Contain(Password));
            Assert.That(protector.Unprotect(new EncryptedPassword(stored), 4400001, Server).Reveal(), Is.EqualTo(Password));
        }
    }

    [Test]
    public async Task DatabaseFiles_HoldNoPlaintextPassword()
    {
        using (var response = await RegisterAsync(login: 4400002, Password))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        // Read the files while the service still holds them, so the WAL is checked too, then again after a checkpoint.
        var files = Directory.GetFiles(_factory.DataDirectory, Path.GetFileName(_factory.DatabasePath) + "*");
        Assert.That(files, Is.Not.Empty);
        AssertNoPassword(files);

        await using (var connection = new SqliteConnection($"Data Source={_factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        AssertNoPassword(Directory.GetFiles(_factory.DataDirectory, Path.GetFileName(_factory.DatabasePath) + "*"));
    }

    [Test]
    public async Task Logs_HoldNoPasswordNorCiphertext_AtAnyLevel()
    {
        // A success, a rejected password, a too-long password, a duplicate and a mismatch.
        using (await RegisterAsync(login: 4400003, Password))
        using (await RegisterAsync(login: 4400004, Password + "-wrong"))
        using (await RegisterAsync(login: 4400005, Password + new string('x', 120)))
        using (await RegisterAsync(login: 4400003, Password))
        using (await RegisterAsync(login: 4400006, Password, isLive: true))
        {
        }

        string stored;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>();
            stored = (await db.Accounts.SingleAsync(a => a.Login == 4400003)).EncryptedPassword.Value;
        }

        var events = _factory.LogEvents.ToArray();
        Assert.That(events.Length, Is.GreaterThan(10), "logging at every level was captured");
        Assert.That(events.Any(e => e.Level == LogEventLevel.Verbose || e.Level == LogEventLevel.Debug), Is.True);
        var ciphertext = stored[(stored.IndexOf(':', StringComparison.Ordinal) + 1)..];
        foreach (var logEvent in events)
        {
            var text = logEvent.RenderAll();
            Assert.That(text, Does.Not.Contain(Password), text);
            Assert.That(text, Does.Not.Contain(ciphertext), text);
        }
    }

    [Test]
    public async Task Responses_HoldNoPassword_WhateverTheOutcome()
    {
        var bodies = new List<string>();
        foreach (var (login, password, isLive) in new[]
        {
            (4400007L, Password, false), (4400007L, Password, false), (4400008L, Password + "!", false),
            (4400009L, Password, true), (0L, Password, false),
        })
        {
            using var response = await RegisterAsync(login, password, isLive);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        using (var list = await _client.GetAsync(Requests.AccountsPath))
        {
            bodies.Add(await list.Content.ReadAsStringAsync());
        }

        Assert.That(bodies, Has.None.Contain(Password));
        Assert.That(bodies, Has.None.Contain("\"password"));
        Assert.That(bodies, Has.None.Contain("encrypted"));
    }

    private Task<HttpResponseMessage> RegisterAsync(long login, string password, bool isLive = false)
    {
        var request = Requests.ForLogin(login);
        request["password"] = password;
        request["server"] = Server;
        request["is_live"] = isLive;
        return _client.PostJsonAsync(request);
    }

    private static void AssertNoPassword(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var memory = new MemoryStream())
            {
                stream.CopyTo(memory);
                bytes = memory.ToArray();
            }

            Assert.That(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)), Is.EqualTo(-1), $"{file} holds the password in UTF-8");
            Assert.That(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Password)), Is.EqualTo(-1), $"{file} holds the password in UTF-16");
        }
    }
}
