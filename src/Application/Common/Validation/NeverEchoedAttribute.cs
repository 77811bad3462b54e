namespace AccountRegistry.Application.Common.Validation;

/// <summary>
/// A request field whose value is a secret: a 422 about it never echoes it as <c>input</c>, and the
/// OpenAPI document describes it as a write-only password. Its type must be one that never prints
/// itself either (<see cref="Domain.Accounts.Password"/>): the body binder refuses a string, a number
/// or a boolean, which a log line or a record's ToString would show.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NeverEchoedAttribute : Attribute;
