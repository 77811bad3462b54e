using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

/// <summary>The idempotency fingerprint: a keyed hash that matches the same body only, under any listed key.</summary>
public sealed class RequestFingerprinterTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"login":12345678,"password":"MyMT5Password"}""");
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());

    private static RequestFingerprinter Create(string activeKeyId, params (string Id, string Key)[] keys) =>
        new(EncryptionSettings.Monitor(activeKeyId, keys));

    [Test]
    public void AFingerprint_MatchesItsBodyOnly()
    {
        var fingerprinter = Create("a", ("a", KeyA));
        var fingerprint = fingerprinter.Create(Body);
        var other = Body.ToArray();
        other[^3] ^= 1;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fingerprinter.Matches(fingerprint, Body), Is.True);
            Assert.That(fingerprinter.Matches(fingerprint, other), Is.False);
            Assert.That(fingerprinter.Matches(fingerprint, []), Is.False);
        }
    }

    [Test]
    public void TheHash_IsKeyed_SoNeitherAPlainHashNorAnotherKeyReproducesIt()
    {
        var underA = Create("a", ("a", KeyA)).Create(Body);
        var underB = Create("a", ("a", KeyB)).Create(Body);
        var hex = underA[(underA.IndexOf(':', StringComparison.Ordinal) + 1)..];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(underA, Does.StartWith("a:"));
            Assert.That(hex, Has.Length.EqualTo(64));
            Assert.That(underB, Is.Not.EqualTo(underA), "the same body under another key of the same id");
            Assert.That(hex, Is.Not.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Body))));
            // Not even an HMAC under the encryption key itself: the fingerprint key is derived from it.
            Assert.That(hex, Is.Not.EqualTo(Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(KeyA), Body))));
            Assert.That(underA, Does.Not.Contain("MyMT5Password"));
        }
    }

    [Test]
    public void AFingerprint_StillMatchesAfterTheActiveKeyRotates_WhileItsKeyIsListed()
    {
        var fingerprint = Create("a", ("a", KeyA)).Create(Body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Create("b", ("a", KeyA), ("b", KeyB)).Matches(fingerprint, Body), Is.True);
            Assert.That(Create("b", ("b", KeyB)).Matches(fingerprint, Body), Is.False, "once its key is retired, nothing matches it");
        }
    }

    [TestCase("")]
    [TestCase("a")]
    [TestCase(":abcd")]
    [TestCase("a:not-hex")]
    [TestCase("a:abcd")]
    [TestCase("unknown:0000000000000000000000000000000000000000000000000000000000000000")]
    public void AMalformedFingerprint_MatchesNothing(string fingerprint)
    {
        Assert.That(Create("a", ("a", KeyA)).Matches(fingerprint, Body), Is.False);
    }
}
