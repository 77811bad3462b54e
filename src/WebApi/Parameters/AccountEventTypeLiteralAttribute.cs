using System.ComponentModel.DataAnnotations;
using AccountRegistry.Application.Events;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// A parameter that names an audit event type: one of <see cref="AccountEventTypes.All"/>, as
/// <see cref="AllowedValuesAttribute"/> (which the parameter binder and the OpenAPI document read) with
/// the list taken from the event types themselves, so that a new type is allowed and documented at once.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
internal sealed class AccountEventTypeLiteralAttribute() : AllowedValuesAttribute([.. AccountEventTypes.All]);
