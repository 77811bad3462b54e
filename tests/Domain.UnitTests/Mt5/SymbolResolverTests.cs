using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Domain.UnitTests.Mt5;

public sealed class SymbolResolverTests
{
    [Test]
    public void Resolve_ReturnsTheSymbol_WhenExactMatch()
    {
        var resolver = new SymbolResolver(["EURUSD", "GBPUSD"]);

        Assert.That(resolver.Resolve("GBPUSD"), Is.EqualTo("GBPUSD"));
    }

    [Test]
    public void Resolve_PrefersExactMatch_OverCaseInsensitiveOnes()
    {
        var resolver = new SymbolResolver(["EURUSD", "eurusd", "EurUsd"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolver.Resolve("eurusd"), Is.EqualTo("eurusd"));
            Assert.That(resolver.Resolve("EurUsd"), Is.EqualTo("EurUsd"));
            Assert.That(resolver.Resolve("EURUSD"), Is.EqualTo("EURUSD"));
        }
    }

    [TestCase("eurusd")]
    [TestCase("EurUsd")]
    [TestCase("EURusd")]
    public void Resolve_ReturnsTheServerSpelling_WhenOneCaseInsensitiveMatch(string requested)
    {
        var resolver = new SymbolResolver(["EURUSD", "GBPUSD"]);

        Assert.That(resolver.Resolve(requested), Is.EqualTo("EURUSD"));
    }

    [Test]
    public void Resolve_ReturnsNull_WhenCaseInsensitiveMatchIsAmbiguous()
    {
        var resolver = new SymbolResolver(["EURUSD", "eurusd"]);

        Assert.That(resolver.Resolve("EurUsd"), Is.Null);
    }

    [Test]
    public void Resolve_IsNotAmbiguous_WhenTheServerListsTheSameSpellingTwice()
    {
        var resolver = new SymbolResolver(["EURUSD", "EURUSD"]);

        Assert.That(resolver.Resolve("eurusd"), Is.EqualTo("EURUSD"));
    }

    [TestCase("EURUSD")]
    [TestCase("EURUS")]
    [TestCase("")]
    public void Resolve_ReturnsNull_WhenNoMatch(string requested)
    {
        var resolver = new SymbolResolver(["EURUSD.m", "EURUSDm", "m.EURUSD"]);

        Assert.That(resolver.Resolve(requested), Is.Null);
    }

    [Test]
    public void Resolve_ReturnsNull_WhenServerHasNoSymbols()
    {
        Assert.That(new SymbolResolver([]).Resolve("EURUSD"), Is.Null);
    }

    [Test]
    public void SuggestFor_ListsSuffixedAndPrefixedVariants_ShortestFirst()
    {
        var resolver = new SymbolResolver(["m.EURUSD", "GBPUSD", "EURUSD.m", "EURUSDm", "USDJPY"]);

        var suggestions = resolver.SuggestFor("EURUSD");

        Assert.That(suggestions, Is.EqualTo(new[] { "EURUSDm", "EURUSD.m", "m.EURUSD" }));
    }

    [Test]
    public void SuggestFor_IgnoresCase()
    {
        var resolver = new SymbolResolver(["EURUSD.m", "EURUSDm", "m.EURUSD"]);

        Assert.That(resolver.SuggestFor("eurusd"), Is.EqualTo(new[] { "EURUSDm", "EURUSD.m", "m.EURUSD" }));
    }

    [Test]
    public void SuggestFor_ReturnsAtMostFive_TheShortest()
    {
        var resolver = new SymbolResolver(
            ["EURUSD.raw.pro", "EURUSD.pro", "EURUSD.m", "EURUSDm", "m.EURUSD", "EURUSD.raw", "EURUSD-ecn"]);

        var suggestions = resolver.SuggestFor("EURUSD");

        Assert.That(suggestions, Is.EqualTo(new[] { "EURUSDm", "EURUSD.m", "m.EURUSD", "EURUSD-ecn", "EURUSD.pro" }));
    }

    [Test]
    public void SuggestFor_ListsEveryCaseVariant_WhenTheCaseWasAmbiguous()
    {
        var resolver = new SymbolResolver(["eurusd", "EURUSD", "GBPUSD"]);

        Assert.That(resolver.SuggestFor("EurUsd"), Is.EqualTo(new[] { "EURUSD", "eurusd" }));
    }

    [Test]
    public void SuggestFor_ListsEachSpellingOnce()
    {
        var resolver = new SymbolResolver(["EURUSDm", "EURUSDm"]);

        Assert.That(resolver.SuggestFor("EURUSD"), Is.EqualTo(new[] { "EURUSDm" }));
    }

    [Test]
    public void SuggestFor_SkipsSymbolsThatOnlyContainTheName()
    {
        var resolver = new SymbolResolver(["xEURUSDx", "EURUS", "GBPUSD"]);

        Assert.That(resolver.SuggestFor("EURUSD"), Is.Empty);
    }

    [Test]
    public void SuggestFor_ReturnsNothing_ForAnEmptyName()
    {
        var resolver = new SymbolResolver(["EURUSD"]);

        Assert.That(resolver.SuggestFor(string.Empty), Is.Empty);
    }

    [Test]
    public void Methods_Throw_WhenNull()
    {
        var resolver = new SymbolResolver(["EURUSD"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<ArgumentNullException>(() => _ = new SymbolResolver(null!));
            Assert.Throws<ArgumentNullException>(() => resolver.Resolve(null!));
            Assert.Throws<ArgumentNullException>(() => resolver.SuggestFor(null!));
        }
    }
}
