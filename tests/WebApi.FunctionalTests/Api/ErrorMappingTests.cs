using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.WebApi.Errors;
using Microsoft.Extensions.Logging;

namespace AccountRegistry.WebApi.FunctionalTests.Api;

/// <summary>
/// Outcomes no endpoint reaches yet (the account lifecycle's 412), pinned at the one mapping every
/// error response goes through; the others are tested over HTTP where endpoints reach them.
/// </summary>
public sealed class ErrorMappingTests
{
    [Test]
    public void AStaleIfMatch_Is412_WithItsDetail_AsOneWarningLine()
    {
        var error = ApiErrors.From(new PreconditionFailedException(7), clientGone: false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Status, Is.EqualTo(412));
            Assert.That(error.Detail, Is.EqualTo("Account 7 has changed since it was read (If-Match does not match its ETag); read it again and retry"));
            Assert.That(error.Errors, Is.Null);
            Assert.That(error.RetryAfter, Is.Null);
            Assert.That(error.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(error.Fault, Is.Null, "an expected outcome is logged without its stack trace");
        }
    }

    [TestCase(0.001, 1)]
    [TestCase(1.0, 1)]
    [TestCase(1.2, 2)]
    [TestCase(59.9, 60)]
    public void RetryAfter_IsWholeSecondsRoundedUp_AtLeastOne(double seconds, int expected) =>
        Assert.That(ApiError.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
}
