using AccountRegistry.Application.Common.Models;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Http;
using Microsoft.Extensions.Primitives;

namespace AccountRegistry.WebApi.FunctionalTests.Http;

public sealed class AccountEntityTagTests
{
    [Test]
    public void AnAccountsTag_IsItsVersion_Quoted() => Assert.That(AccountEntityTag.Of(42), Is.EqualTo("\"42\""));

    [Test]
    public void NoIfMatch_RequiresNothing()
    {
        var precondition = AccountEntityTag.Precondition(StringValues.Empty);

        Assert.That(precondition, Is.SameAs(VersionPrecondition.None));
        Assert.That(precondition.IsRequired, Is.False);
    }

    [Test]
    public void AStar_AllowsAnyVersion_AndAConcurrentWriteIsRetriedOver_AsWithoutTheHeader()
    {
        var precondition = AccountEntityTag.Precondition("*");

        Assert.That(precondition.Allows(7), Is.True);
        Assert.That(precondition.IsRequired, Is.False);
    }

    [TestCase("\"3\"", 3, true)]
    [TestCase("\"3\"", 4, false)]
    [TestCase("\"1\", \"3\"", 3, true)]
    [TestCase("W/\"3\"", 3, false)]
    [TestCase("\"abc\"", 3, false)]
    [TestCase("\"-3\"", 3, false)]
    [TestCase("\"99999999999\"", 3, false)]
    public void Tags_AllowTheVersionsTheyNameStrongly(string header, int current, bool allowed) =>
        Assert.That(AccountEntityTag.Precondition(header).Allows(current), Is.EqualTo(allowed));

    [TestCase("3")]
    [TestCase("\"3")]
    [TestCase("\"3\" junk")]
    [TestCase(",")]
    public void AHeaderThatIsNoListOfTags_IsA422OnTheHeader(string header)
    {
        var refused = Assert.Throws<RequestValidationException>(() => AccountEntityTag.Precondition(header));

        Assert.That(refused!.Errors.Single().Loc, Is.EqualTo(new object[] { "header", "if-match" }));
    }

    [Test]
    public void MoreTagsThanAllowed_IsA422_AndSoIsAHugeHeader()
    {
        var many = string.Join(", ", Enumerable.Range(1, VersionPrecondition.MaxVersions + 1).Select(v => $"\"{v}\""));

        Assert.That(() => AccountEntityTag.Precondition(many), Throws.TypeOf<RequestValidationException>());
        Assert.That(() => AccountEntityTag.Precondition("\"" + new string('1', 2000) + "\""), Throws.TypeOf<RequestValidationException>());
    }
}
