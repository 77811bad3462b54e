using AccountRegistry.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.Infrastructure.Legacy;

internal static class LegacyImportRegistration
{
    /// <summary>The original system's table and its Fernet keys (<c>Legacy:FernetKeys:N</c>), for <c>import-legacy</c>.</summary>
    public static IServiceCollection AddLegacyImport(this IServiceCollection services) =>
        services
            .AddSingleton<ILegacyAccountSource, LegacyAccountSource>()
            .AddSingleton<ILegacyPasswordDecryptor, FernetLegacyPasswords>();
}
