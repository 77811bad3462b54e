using System.Reflection;
using AccountRegistry.Infrastructure.Settings;

namespace AccountRegistry.Architecture.Tests;

/// <summary>Options in one style: every number read from configuration has a range, checked at start-up.</summary>
public sealed class SettingsTests
{
    private static readonly Assembly WebApi = typeof(AccountRegistry.WebApi.DependencyInjection).Assembly;

    private static IEnumerable<Type> OptionsClasses() =>
        new[] { LayerTests.Infrastructure, WebApi }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsPublic: true } && type.Namespace?.StartsWith("AccountRegistry", StringComparison.Ordinal) == true
                && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not null);

    private static IEnumerable<Type> BoundClasses(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            yield break;
        }

        yield return type;
        // The sections within a section that its validator walks into (Mt5:Sandbox).
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<Microsoft.Extensions.Options.ValidateObjectMembersAttribute>() is not null))
        {
            foreach (var nested in BoundClasses(property.PropertyType, seen))
            {
                yield return nested;
            }
        }
    }

    private static bool IsNumber(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal);

    [Test]
    public void TheOptionsClasses_AreFound()
    {
        Assert.That(OptionsClasses().Select(t => t.Name), Is.SupersetOf(new[] { "Mt5Options", "LockoutOptions", "RateLimitingOptions", "RequestLimitsOptions" }));
    }

    [Test]
    public void TheSectionsWithinASection_AreWalked()
    {
        Assert.That(OptionsClasses().SelectMany(type => BoundClasses(type, [])).Select(t => t.Name), Does.Contain("SandboxOptions"));
    }

    [Test]
    public void EveryConfiguredNumber_HasARange()
    {
        var seen = new HashSet<Type>();
        var unbounded = OptionsClasses()
            .SelectMany(type => BoundClasses(type, seen))
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => property.SetMethod is { IsPublic: true }
                && IsNumber(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
                && property.GetCustomAttribute<SettingRangeAttribute>() is null)
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name}")
            .ToList();

        Assert.That(unbounded, Is.Empty);
    }
}
