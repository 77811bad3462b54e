using AccountRegistry.Domain.Common;

namespace AccountRegistry.Domain.UnitTests.Common;

public sealed class TextRulesTests
{
    [TestCase("\u0000", TestName = "HasControlCharacters_IsTrue_ForNul")]
    [TestCase("\n", TestName = "HasControlCharacters_IsTrue_ForLineFeed")]
    [TestCase("\u000C", TestName = "HasControlCharacters_IsTrue_ForFormFeed")]
    [TestCase("\u007F", TestName = "HasControlCharacters_IsTrue_ForDelete")]
    [TestCase("\u0085", TestName = "HasControlCharacters_IsTrue_ForNextLine")]
    [TestCase("\u2028", TestName = "HasControlCharacters_IsTrue_ForTheLineSeparator")]
    [TestCase("\u2029", TestName = "HasControlCharacters_IsTrue_ForTheParagraphSeparator")]
    [TestCase("\u200B", TestName = "HasControlCharacters_IsTrue_ForAZeroWidthSpace")]
    [TestCase("\u202E", TestName = "HasControlCharacters_IsTrue_ForABidiOverride")]
    [TestCase("\uFEFF", TestName = "HasControlCharacters_IsTrue_ForAByteOrderMark")]
    public void HasControlCharacters_IsTrue_ForWhatBreaksOrHidesALine(string character) =>
        Assert.That(TextRules.HasControlCharacters($"Pass-3{character}KeepPrivate=1"), Is.True);

    [TestCase("MyMT5Password")]
    [TestCase("p@ss w0rd!#$%^&*()")]
    [TestCase("Ünïcødé-Брокер-券商")]
    [TestCase("")]
    public void HasControlCharacters_IsFalse_ForOrdinaryText(string value) =>
        Assert.That(TextRules.HasControlCharacters(value), Is.False);
}
