namespace AccountRegistry.WebApi.Idempotency;

/// <summary>
/// The action honours <c>Idempotency-Key</c> (<see cref="IdempotencyMiddleware"/>): the same key
/// with the same body gets the first response again. Every action that changes state (POST, PUT,
/// PATCH, DELETE) carries it; the middleware reads it from the matched endpoint's metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class IdempotentAttribute : Attribute;
