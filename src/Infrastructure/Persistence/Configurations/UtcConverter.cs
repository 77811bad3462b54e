using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AccountRegistry.Infrastructure.Persistence.Configurations;

/// <summary>Times are written in UTC and read back as UTC (SQLite keeps no kind).</summary>
internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
    value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc))
{
    public static readonly UtcConverter Instance = new();
}
