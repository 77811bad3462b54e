namespace AccountRegistry.WebApi.Verifications;

internal static class VerificationsRegistration
{
    /// <summary>The worker that runs queued verifications, and what it runs them with.</summary>
    public static IServiceCollection AddVerifications(this IServiceCollection services)
    {
        services.AddSingleton<VerificationSignal>();
        services.AddSingleton<VerificationRunner>();
        services.AddScoped<VerificationCaller>();
        services.AddHostedService<VerificationWorker>();
        return services;
    }
}
