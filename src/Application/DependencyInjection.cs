using AccountRegistry.Application.Common.Behaviours;
using AccountRegistry.Application.Common.Credentials;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Application;

public static class DependencyInjection
{
    /// <summary>The mediator with its handlers (found at compile time), and the validators that guard them.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            // Handlers use the request's database context, so they live as long as the request.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            // Outermost first: the verification metrics see what validation refuses.
            options.PipelineBehaviors = [typeof(VerificationTelemetryBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CredentialChecksInProgress>();
        // Its meter comes from the host's IMeterFactory (registered by every .NET host).
        services.AddSingleton<VerificationTelemetry>();
        // Scoped: it counts rejections through the request's database context.
        services.AddScoped<CredentialCheck>();
        return services;
    }
}
