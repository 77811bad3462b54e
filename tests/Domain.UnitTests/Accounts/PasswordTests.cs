using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Domain.UnitTests.Accounts;

public sealed class PasswordTests
{
    private const string Secret = "MyMT5Password";

    [Test]
    public void ToString_NeverContainsTheValue()
    {
        var password = new Password(Secret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(password.ToString(), Does.Not.Contain(Secret));
            Assert.That(password.ToString(), Is.EqualTo("********"));
        }
    }

    [Test]
    public void Interpolation_NeverContainsTheValue()
    {
        var password = new Password(Secret);

        var text = $"login with {password}";

        Assert.That(text, Does.Not.Contain(Secret));
    }

    [Test]
    public void ToString_IsTheSame_ForAnyValue()
    {
        Assert.That(new Password("a").ToString(), Is.EqualTo(new Password(new string('x', 128)).ToString()));
    }

    [Test]
    public void Reveal_ReturnsTheValue()
    {
        Assert.That(new Password(Secret).Reveal(), Is.EqualTo(Secret));
    }

    [Test]
    public void Length_IsTheValuesLength()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new Password(Secret).Length, Is.EqualTo(Secret.Length));
            Assert.That(new Password(string.Empty).Length, Is.Zero);
        }
    }

    [Test]
    public void Constructor_Throws_WhenNull()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new Password(null!));
    }

    [Test]
    public void EncryptedPassword_ToString_NeverContainsTheCiphertext()
    {
        var encrypted = new EncryptedPassword("v1:key-1:Y2lwaGVydGV4dA==");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(encrypted.ToString(), Does.Not.Contain("Y2lwaGVydGV4dA=="));
            Assert.That(encrypted.Value, Is.EqualTo("v1:key-1:Y2lwaGVydGV4dA=="));
        }
    }

    [Test]
    public void EncryptedPassword_Throws_WhenEmpty()
    {
        Assert.Throws<ArgumentException>(() => _ = new EncryptedPassword(string.Empty));
    }
}
