using FluentValidation;
using Mediator;

namespace AccountRegistry.Application.Common.Behaviours;

/// <summary>
/// Runs every validator of a message before its handler, and raises one
/// <see cref="ValidationException"/> with all the failures (HTTP 422). The only place requests are
/// validated.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length > 0)
        {
            var failures = new List<FluentValidation.Results.ValidationFailure>();
            foreach (var validator in _validators)
            {
                // A context of its own for each validator: a shared one accumulates, and would repeat earlier failures.
                var result = await validator.ValidateAsync(message, cancellationToken).ConfigureAwait(false);
                failures.AddRange(result.Errors);
            }

            if (failures.Count > 0)
            {
                throw new ValidationException(failures);
            }
        }

        return await next(message, cancellationToken).ConfigureAwait(false);
    }
}
