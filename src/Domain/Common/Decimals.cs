namespace AccountRegistry.Domain.Common;

public static class Decimals
{
    /// <summary>
    /// The shortest form of a value: 0.10, and 0.10000000 as a database returns it, are 0.1. Lot sizes
    /// and risk fractions then read back exactly as the client wrote them, as a JSON float would.
    /// </summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
