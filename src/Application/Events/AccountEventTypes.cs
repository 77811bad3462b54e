using System.Collections.Frozen;
using System.Text.Json;
using AccountRegistry.Domain.Accounts;

namespace AccountRegistry.Application.Events;

/// <summary>The audit trail's event types by their API names (<c>password_changed</c>), both ways.</summary>
public static class AccountEventTypes
{
    private static readonly FrozenDictionary<AccountEventType, string> Names =
        Enum.GetValues<AccountEventType>().ToFrozenDictionary(type => type, type => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString()));

    private static readonly FrozenDictionary<string, AccountEventType> Types =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every API name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<AccountEventType>().Select(type => Names[type])];

    public static string NameOf(AccountEventType type) => Names[type];

    public static bool TryParse(string name, out AccountEventType type) => Types.TryGetValue(name, out type);
}
