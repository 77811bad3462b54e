using System.Reflection;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using NetArchTest.Rules;

namespace AccountRegistry.Architecture.Tests;

/// <summary>
/// The layers' dependencies point inwards: WebApi → Infrastructure → Application → Domain, and the
/// frameworks stay at the edges. Each rule reads the compiled assembly, so a stray <c>using</c> or
/// package reference fails here, with the types that break the rule.
/// </summary>
public sealed class LayerTests
{
    internal static readonly Assembly Domain = typeof(Account).Assembly;
    internal static readonly Assembly Application = typeof(IAccountRepository).Assembly;
    internal static readonly Assembly Infrastructure = typeof(AccountRegistryDbContext).Assembly;

    internal static readonly string[] EfCore = ["Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient"];
    internal static readonly string[] AspNetCore = ["Microsoft.AspNetCore"];

    /// <summary>The namespaces no type of <paramref name="assembly"/> may use; the types that do, when some do.</summary>
    internal static IReadOnlyList<string> TypesDependingOn(Assembly assembly, params string[] namespaces)
    {
        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(namespaces).GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames];
    }

    [Test]
    public void Domain_DependsOnNothing_ButTheBaseLibrary()
    {
        Assert.That(
            TypesDependingOn(Domain, [
                "AccountRegistry.Application", "AccountRegistry.Infrastructure", "AccountRegistry.WebApi",
                .. EfCore, .. AspNetCore, "Microsoft.Extensions", "Mediator", "FluentValidation", "Riok.Mapperly"]),
            Is.Empty);
    }

    [Test]
    public void Application_DependsNeitherOnInfrastructureNorOnTheWeb_NorOnEfCore()
    {
        Assert.That(
            TypesDependingOn(Application, ["AccountRegistry.Infrastructure", "AccountRegistry.WebApi", .. EfCore, .. AspNetCore]),
            Is.Empty);
    }

    [Test]
    public void Infrastructure_DependsNotOnTheWeb()
    {
        Assert.That(TypesDependingOn(Infrastructure, ["AccountRegistry.WebApi", .. AspNetCore]), Is.Empty);
    }

    [Test]
    public void TheDatabaseWriteGate_IsTakenOnlyByTheDatabaseContext()
    {
        // The types that may know the gate (with their nested ones): itself, the context that takes
        // it for every write, and the registration. A store that took it by hand would be listed.
        string[] allowed = [.. new[]
        {
            "DatabaseWriteGate", "SingleWriterGate", "WriteGateOptions", nameof(AccountRegistryDbContext),
        }.Select(name => $"{typeof(AccountRegistryDbContext).Namespace}.{name}"), typeof(AccountRegistry.Infrastructure.DependencyInjection).FullName!];

        var others = TypesDependingOn(Infrastructure, $"{typeof(AccountRegistryDbContext).Namespace}.DatabaseWriteGate")
            .Where(type => !allowed.Any(name => type == name || type.StartsWith(name + "/", StringComparison.Ordinal)));

        Assert.That(others, Is.Empty);
    }
}
