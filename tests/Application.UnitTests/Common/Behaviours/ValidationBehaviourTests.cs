using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Common.Behaviours;
using FluentValidation;
using Moq;

namespace AccountRegistry.Application.UnitTests.Common.Behaviours;

public sealed class ValidationBehaviourTests
{
    private static readonly AccountResponse Response = new(
        42, "Demo", "MetaQuotes", 12345678, "MetaQuotes-Demo", false, true, ["EURUSD"], 0.1m, 0.01m, true, false,
        string.Empty, "USD", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Version: 1);

    private int _nextCalls;

    [SetUp]
    public void SetUp() => _nextCalls = 0;

    private ValueTask<AccountResponse> Next(GetAccountQuery query, CancellationToken cancellationToken)
    {
        _nextCalls++;
        return ValueTask.FromResult(Response with { Id = query.Id });
    }

    [Test]
    public void Handle_ThrowsWithEveryFailure_AndDoesNotCallNext()
    {
        var validator = new InlineValidator<GetAccountQuery>
        {
            v => v.RuleFor(q => q.Id).GreaterThan(0).WithErrorCode("greater_than"),
            v => v.RuleFor(q => q.Id).NotEqual(-5).WithErrorCode("not_minus_five"),
        };
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([validator]);

        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetAccountQuery(-5), Next, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Errors.Select(e => e.ErrorCode), Is.EqualTo(new[] { "greater_than", "not_minus_five" }));
            Assert.That(exception.Errors.Select(e => e.PropertyName), Is.All.EqualTo("Id"));
            Assert.That(_nextCalls, Is.Zero);
        }
    }

    [Test]
    public void Handle_ThrowsWithEveryFailureFromEveryValidator_EachOnce_AndDoesNotCallNext()
    {
        var first = new InlineValidator<GetAccountQuery>
        {
            v => v.RuleFor(q => q.Id).GreaterThan(0).WithErrorCode("greater_than"),
            v => v.RuleFor(q => q.Id).NotEqual(-5).WithErrorCode("first_not_minus_five"),
        };
        var second = new InlineValidator<GetAccountQuery>
        {
            v => v.RuleFor(q => q.Id).GreaterThan(10).WithErrorCode("second_greater_than_ten"),
        };
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([first, second]);

        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetAccountQuery(-5), Next, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                exception.Errors.Select(e => e.ErrorCode),
                Is.EqualTo(new[] { "greater_than", "first_not_minus_five", "second_greater_than_ten" }));
            Assert.That(exception.Errors.Select(e => e.PropertyName), Is.All.EqualTo("Id"));
            Assert.That(_nextCalls, Is.Zero);
        }
    }

    [Test]
    public void Handle_ReportsAFailureOnce_WhenAPassingValidatorFollowsTheFailingOne()
    {
        var failing = new InlineValidator<GetAccountQuery> { v => v.RuleFor(q => q.Id).GreaterThan(100).WithErrorCode("too_small") };
        var passing = new InlineValidator<GetAccountQuery> { v => v.RuleFor(q => q.Id).GreaterThan(0) };
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([failing, passing]);

        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetAccountQuery(7), Next, CancellationToken.None));

        Assert.That(exception.Errors.Select(e => e.ErrorCode), Is.EqualTo(new[] { "too_small" }));
    }

    [Test]
    public void Handle_Throws_WhenOnlyOneOfSeveralValidatorsFails()
    {
        var passing = new InlineValidator<GetAccountQuery> { v => v.RuleFor(q => q.Id).GreaterThan(0) };
        var failing = new InlineValidator<GetAccountQuery> { v => v.RuleFor(q => q.Id).GreaterThan(100).WithErrorCode("too_small") };
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([passing, failing]);

        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await behaviour.Handle(new GetAccountQuery(7), Next, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception.Errors.Select(e => e.ErrorCode), Is.EqualTo(new[] { "too_small" }));
            Assert.That(_nextCalls, Is.Zero);
        }
    }

    [Test]
    public async Task Handle_CallsNext_WhenNoValidators()
    {
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([]);

        var response = await behaviour.Handle(new GetAccountQuery(7), Next, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_nextCalls, Is.EqualTo(1));
            Assert.That(response.Id, Is.EqualTo(7));
        }
    }

    [Test]
    public async Task Handle_CallsNextOnce_WhenEveryValidatorPasses()
    {
        var validator = new Mock<IValidator<GetAccountQuery>>();
        validator.Setup(v => v.ValidateAsync(It.IsAny<GetAccountQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new FluentValidation.Results.ValidationResult());
        using var cts = new CancellationTokenSource();
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([validator.Object]);
        var query = new GetAccountQuery(7);

        var response = await behaviour.Handle(query, Next, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_nextCalls, Is.EqualTo(1));
            Assert.That(response.Id, Is.EqualTo(7));
        }

        validator.Verify(
            v => v.ValidateAsync(It.Is<GetAccountQuery>(q => ReferenceEquals(q, query)), cts.Token),
            Times.Once);
    }

    [Test]
    public void Handle_Throws_WhenNextNull()
    {
        var behaviour = new ValidationBehaviour<GetAccountQuery, AccountResponse>([]);

        Assert.ThrowsAsync<ArgumentNullException>(async () => await behaviour.Handle(new GetAccountQuery(7), null!, CancellationToken.None));
    }
}
