namespace AccountRegistry.Domain.Common;

internal static class Guard
{
    public static string Text(string? value, int minLength, int maxLength, string name)
    {
        if (value is null || value.Length < minLength || value.Length > maxLength)
        {
            throw new DomainRuleViolationException($"{name} must be {minLength} to {maxLength} characters long.");
        }

        if (TextRules.HasControlCharacters(value))
        {
            throw new DomainRuleViolationException($"{name} must not contain control characters.");
        }

        return value;
    }

    public static decimal Range(decimal value, decimal exclusiveMin, decimal inclusiveMax, string name)
    {
        if (value <= exclusiveMin || value > inclusiveMax)
        {
            throw new DomainRuleViolationException($"{name} must be greater than {exclusiveMin} and at most {inclusiveMax}.");
        }

        return value;
    }
}
