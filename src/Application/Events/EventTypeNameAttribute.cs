using System.ComponentModel.DataAnnotations;

namespace AccountRegistry.Application.Events;

/// <summary>
/// A value that names an audit event type: one of <see cref="AccountEventTypes.All"/>. It is an
/// <see cref="AllowedValuesAttribute"/> (which the query parameter binder and the OpenAPI document
/// read) with the list taken from the event types themselves, so a new type is allowed and
/// documented at once.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class EventTypeNameAttribute() : AllowedValuesAttribute([.. AccountEventTypes.All]);
