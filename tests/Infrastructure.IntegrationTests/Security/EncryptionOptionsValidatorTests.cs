using System.Security.Cryptography;
using AccountRegistry.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

[TestFixture]
public sealed class EncryptionOptionsValidatorTests
{
    private static string NewKey(int bytes = EncryptionOptions.KeySizeBytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    private static EncryptionOptions Options(string? activeKeyId, params (string Id, string Key)[] keys)
    {
        var options = new EncryptionOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return options;
    }

    private static ValidateOptionsResult Validate(EncryptionOptions options) =>
        new EncryptionOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);

    private static void AssertFailsWithout(ValidateOptionsResult result, string expectedFragment, params string[] secrets)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failed, Is.True);
            Assert.That(result.Failures, Has.Some.Contains(expectedFragment));
            foreach (var secret in secrets)
            {
                Assert.That(result.FailureMessage, Does.Not.Contain(secret));
                Assert.That(result.Failures, Has.None.Contains(secret));
            }
        }
    }

    [Test]
    public void Validate_Succeeds_ForValidConfiguration()
    {
        var result = Validate(Options("k2", ("k1", NewKey()), ("k2", NewKey())));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_Fails_WhenNoKeysConfigured()
    {
        var result = Validate(Options(null));

        using (Assert.EnterMultipleScope())
        {
            AssertFailsWithout(result, "No encryption key is configured");
            Assert.That(result.FailureMessage, Does.Contain("Encryption:Keys:<id>").And.Contain("Encryption:ActiveKeyId"));
        }
    }

    [Test]
    public void Validate_Fails_WhenKeyIsNotBase64()
    {
        const string malformed = "this-is-not-base64-key-material!!";

        var result = Validate(Options("k1", ("k1", malformed)));

        AssertFailsWithout(result, "Encryption:Keys:k1 is not the base64 of exactly 32 bytes", malformed);
    }

    [TestCase(0)]
    [TestCase(16)]
    [TestCase(31)]
    [TestCase(33)]
    [TestCase(64)]
    [TestCase(100)]
    public void Validate_Fails_WhenKeyIsNot32Bytes(int bytes)
    {
        var key = NewKey(bytes);

        var result = Validate(Options("k1", ("k1", key)));

        Assert.That(result.Failures, Has.Exactly(1).Items);
        AssertFailsWithout(result, "Encryption:Keys:k1 is not the base64 of exactly 32 bytes", key.Length == 0 ? [] : [key]);
    }

    [TestCase("has space")]
    [TestCase("a:b")]
    [TestCase("")]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123456")]
    public void Validate_Fails_WhenKeyIdIsMalformed(string id)
    {
        var key = NewKey();

        var result = Validate(Options(id, (id, key)));

        AssertFailsWithout(result, "Encryption key number 1 has an id that is not 1 to 32 letters, digits, '-' or '_'.", key);
    }

    [TestCase("k")]
    [TestCase("Key_2026-01")]
    [TestCase("abcdefghijklmnopqrstuvwxyz012345")]
    public void Validate_Succeeds_WhenKeyIdIsWellFormed(string id)
    {
        var result = Validate(Options(id, (id, NewKey())));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Validate_Fails_WhenActiveKeyIdAbsent()
    {
        var key = NewKey();

        var result = Validate(Options(null, ("k1", key)));

        AssertFailsWithout(result, "Encryption:ActiveKeyId is not set; it must name one of the configured keys (k1).", key);
    }

    [Test]
    public void Validate_Fails_WhenActiveKeyIdUnknown()
    {
        var key = NewKey();

        var result = Validate(Options("k2", ("k1", key)));

        AssertFailsWithout(result, "Encryption:ActiveKeyId names no configured key; it must be one of: k1.", key);
    }

    [Test]
    public void Validate_DoesNotQuoteTheActiveKeyId_WhenAKeyWasPastedThere()
    {
        var key = NewKey();

        var result = Validate(Options(key, ("k1", NewKey())));

        AssertFailsWithout(result, "Encryption:ActiveKeyId names no configured key", key);
    }

    [Test]
    public void Validate_ReportsEveryFault_WithoutAnyKeyMaterial()
    {
        var shortKey = NewKey(16);
        var goodKey = NewKey();

        var result = Validate(Options("missing", ("short", shortKey), ("bad id", goodKey)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Failures, Has.Exactly(3).Items);
            AssertFailsWithout(result, "Encryption:Keys:short is not the base64", shortKey, goodKey);
            AssertFailsWithout(result, "has an id that is not 1 to 32 letters", shortKey, goodKey);
            AssertFailsWithout(result, "Encryption:ActiveKeyId names no configured key", shortKey, goodKey);
        }
    }
}
