using System.Security.Cryptography;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

[TestFixture]
public sealed class AesGcmPasswordProtectorTests
{
    private const long Login = 51234567;
    private const string Server = "MetaQuotes-Demo";
    private const string Plaintext = "Tr4de-p@ss wörd ✓";

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(EncryptionOptions.KeySizeBytes));

    private static AesGcmPasswordProtector CreateProtector(string activeKeyId, params (string Id, string Key)[] keys) =>
        new(EncryptionSettings.Monitor(activeKeyId, keys));

    private static byte[] Payload(EncryptedPassword encrypted) =>
        Convert.FromBase64String(encrypted.Value[(encrypted.Value.LastIndexOf(':') + 1)..]);

    private static void AssertLeaksNothing(Exception? exception, params string[] secrets)
    {
        Assert.That(exception, Is.Not.Null);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            foreach (var secret in secrets)
            {
                Assert.That(current.Message, Does.Not.Contain(secret));
            }
        }
    }

    [Test]
    public void Unprotect_ReturnsOriginalPassword_AfterProtect()
    {
        var protector = CreateProtector("k1", ("k1", NewKey()));

        var encrypted = protector.Protect(new Password(Plaintext), Login, Server);
        var decrypted = protector.Unprotect(encrypted, Login, Server);

        Assert.That(decrypted.Reveal(), Is.EqualTo(Plaintext));
    }

    [Test]
    public void Unprotect_ReturnsEmptyPassword_AfterProtectingEmptyPassword()
    {
        var protector = CreateProtector("k1", ("k1", NewKey()));

        var encrypted = protector.Protect(new Password(string.Empty), Login, Server);

        Assert.That(protector.Unprotect(encrypted, Login, Server).Reveal(), Is.Empty);
    }

    [Test]
    public void Protect_UsesFreshNonce_SoTwoCiphertextsOfOnePasswordDifferAndBothDecrypt()
    {
        var protector = CreateProtector("k1", ("k1", NewKey()));

        var first = protector.Protect(new Password(Plaintext), Login, Server);
        var second = protector.Protect(new Password(Plaintext), Login, Server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Value, Is.Not.EqualTo(first.Value));
            Assert.That(Payload(second).AsSpan(0, 12).ToArray(), Is.Not.EqualTo(Payload(first).AsSpan(0, 12).ToArray()), "nonce");
            Assert.That(protector.Unprotect(first, Login, Server).Reveal(), Is.EqualTo(Plaintext));
            Assert.That(protector.Unprotect(second, Login, Server).Reveal(), Is.EqualTo(Plaintext));
        }
    }

    [Test]
    public void Protect_PrefixesActiveKeyId_AndDoesNotContainPlaintext()
    {
        var protector = CreateProtector("primary_2026", ("old", NewKey()), ("primary_2026", NewKey()));

        var encrypted = protector.Protect(new Password(Plaintext), Login, Server);
        var payload = Payload(encrypted);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(encrypted.Value, Does.StartWith("v2:primary_2026:"));
            Assert.That(encrypted.Value, Does.Not.Contain(Plaintext));
            Assert.That(encrypted.ToString(), Does.Not.Contain(Plaintext));
            // nonce (12) + ciphertext (as long as the UTF-8 plaintext) + tag (16)
            Assert.That(payload, Has.Length.EqualTo(12 + System.Text.Encoding.UTF8.GetByteCount(Plaintext) + 16));
            Assert.That(
                payload.AsSpan(12, payload.Length - 28).ToArray(),
                Is.Not.EqualTo(System.Text.Encoding.UTF8.GetBytes(Plaintext)));
        }
    }

    [Test]
    public void Unprotect_Throws_WhenKeyUnderSameIdDiffers()
    {
        var originalKey = NewKey();
        var otherKey = NewKey();
        var encrypted = CreateProtector("k1", ("k1", originalKey)).Protect(new Password(Plaintext), Login, Server);
        var other = CreateProtector("k1", ("k1", otherKey));

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => other.Unprotect(encrypted, Login, Server));

        AssertLeaksNothing(exception, Plaintext, originalKey, otherKey);
    }

    [TestCase(0, TestName = "Unprotect_Throws_WhenCiphertextTampered(nonce)")]
    [TestCase(12, TestName = "Unprotect_Throws_WhenCiphertextTampered(ciphertext)")]
    [TestCase(-1, TestName = "Unprotect_Throws_WhenCiphertextTampered(tag)")]
    public void Unprotect_Throws_WhenCiphertextTampered(int index)
    {
        var key = NewKey();
        var protector = CreateProtector("k1", ("k1", key));
        var encrypted = protector.Protect(new Password(Plaintext), Login, Server);
        var payload = Payload(encrypted);
        payload[index < 0 ? payload.Length + index : index] ^= 0x01;
        var tampered = new EncryptedPassword($"v2:k1:{Convert.ToBase64String(payload)}");

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => protector.Unprotect(tampered, Login, Server));

        AssertLeaksNothing(exception, Plaintext, key);
    }

    [Test]
    public void Unprotect_Throws_WhenCiphertextCopiedToAnotherLogin()
    {
        var key = NewKey();
        var protector = CreateProtector("k1", ("k1", key));
        var encrypted = protector.Protect(new Password(Plaintext), Login, Server);

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => protector.Unprotect(encrypted, Login + 1, Server));

        AssertLeaksNothing(exception, Plaintext, key);
    }

    // The server is bound exactly as stored: another server, or the same name in another case, does not open it.
    [TestCase("MetaQuotes-Live")]
    [TestCase("metaquotes-demo")]
    [TestCase("MetaQuotes-Demo ")]
    public void Unprotect_Throws_WhenRowPointedAtAnotherServer(string otherServer)
    {
        var key = NewKey();
        var protector = CreateProtector("k1", ("k1", key));
        var encrypted = protector.Protect(new Password(Plaintext), Login, Server);

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => protector.Unprotect(encrypted, Login, otherServer));

        AssertLeaksNothing(exception, Plaintext, key);
    }

    [Test]
    public void IsCurrent_IsTrueOnlyForTheCurrentFormatUnderTheActiveKey()
    {
        var k1 = NewKey();
        var sealedUnderK1 = CreateProtector("k1", ("k1", k1)).Protect(new Password(Plaintext), Login, Server);
        var rotated = CreateProtector("k2", ("k1", k1), ("k2", NewKey()));
        var sealedUnderK2 = rotated.Protect(new Password(Plaintext), Login, Server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rotated.IsCurrent(sealedUnderK2), Is.True);
            Assert.That(rotated.IsCurrent(sealedUnderK1), Is.False, "another key");
            Assert.That(rotated.IsCurrent(new EncryptedPassword("k2:" + sealedUnderK2.Value["v2:k2:".Length..])), Is.False, "the v1 format");
            Assert.That(rotated.IsCurrent(new EncryptedPassword("v2:k22:" + sealedUnderK2.Value["v2:k2:".Length..])), Is.False, "a key id that starts like the active one");
        }
    }

    [Test]
    public void Unprotect_Throws_WhenKeyIdUnknown()
    {
        var k1 = NewKey();
        var k2 = NewKey();
        var encrypted = CreateProtector("k1", ("k1", k1)).Protect(new Password(Plaintext), Login, Server);
        var withoutK1 = CreateProtector("k2", ("k2", k2));

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => withoutK1.Unprotect(encrypted, Login, Server));

        Assert.That(exception!.Message, Does.Contain("'k1'"));
        AssertLeaksNothing(exception, Plaintext, k1, k2);
    }

    [TestCase("no-separator")]
    [TestCase(":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("k1:not base64!")]
    [TestCase("k1:AAAA")]
    [TestCase("v2:k1:AAAA")]
    [TestCase("v2::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [TestCase("v2:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:")]
    [TestCase("v3:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Unprotect_Throws_WhenValueMalformed(string value)
    {
        var key = NewKey();
        var protector = CreateProtector("k1", ("k1", key));

        var exception = Assert.Throws(
            Is.InstanceOf<CryptographicException>(), () => protector.Unprotect(new EncryptedPassword(value), Login, Server));

        AssertLeaksNothing(exception, key);
    }

    [Test]
    public void Unprotect_DecryptsOldCiphertext_AfterKeyRotation()
    {
        var k1 = NewKey();
        var sealedUnderK1 = CreateProtector("k1", ("k1", k1)).Protect(new Password(Plaintext), Login, Server);
        var rotated = CreateProtector("k2", ("k1", k1), ("k2", NewKey()));

        Assert.That(rotated.Unprotect(sealedUnderK1, Login, Server).Reveal(), Is.EqualTo(Plaintext));
    }

    [Test]
    public void Protect_SealsWithNewActiveKey_AfterKeyRotation()
    {
        var k1 = NewKey();
        var k2 = NewKey();
        var rotated = CreateProtector("k2", ("k1", k1), ("k2", k2));

        var encrypted = rotated.Protect(new Password(Plaintext), Login, Server);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(encrypted.Value, Does.StartWith("v2:k2:"));
            Assert.That(rotated.Unprotect(encrypted, Login, Server).Reveal(), Is.EqualTo(Plaintext));
            // Sealed with k2 itself: a protector that only has k2 opens it.
            Assert.That(CreateProtector("k2", ("k2", k2)).Unprotect(encrypted, Login, Server).Reveal(), Is.EqualTo(Plaintext));
        }
    }

    [Test]
    public void Unprotect_Throws_WhenK1CiphertextRelabelledAsK2()
    {
        var k1 = NewKey();
        var k2 = NewKey();
        var sealedUnderK1 = CreateProtector("k1", ("k1", k1)).Protect(new Password(Plaintext), Login, Server);
        var relabelled = new EncryptedPassword("v2:k2:" + sealedUnderK1.Value["v2:k1:".Length..]);
        var rotated = CreateProtector("k2", ("k1", k1), ("k2", k2));

        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => rotated.Unprotect(relabelled, Login, Server));

        AssertLeaksNothing(exception, Plaintext, k1, k2);
    }

    [Test]
    public void Unprotect_Throws_WhenRelabelledUnderAnIdHoldingTheSameKey()
    {
        // Only the key id bound into the associated data can tell these apart.
        var key = NewKey();
        var protector = CreateProtector("k1", ("k1", key), ("k2", key));
        var sealedUnderK1 = protector.Protect(new Password(Plaintext), Login, Server);
        var relabelled = new EncryptedPassword("v2:k2:" + sealedUnderK1.Value["v2:k1:".Length..]);

        Assert.That(protector.Unprotect(sealedUnderK1, Login, Server).Reveal(), Is.EqualTo(Plaintext));
        var exception = Assert.Throws(Is.InstanceOf<CryptographicException>(), () => protector.Unprotect(relabelled, Login, Server));
        AssertLeaksNothing(exception, Plaintext, key);
    }

    [Test]
    public void Constructor_Throws_WhenActiveKeyIdMissing()
    {
        var key = NewKey();

        var exception = Assert.Throws<InvalidOperationException>(() => CreateProtector(null!, ("k1", key)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Message, Does.Contain("ActiveKeyId"));
            Assert.That(exception.Message, Does.Not.Contain(key));
        }
    }
}
