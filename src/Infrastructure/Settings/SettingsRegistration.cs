using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Settings;

/// <summary>
/// The one way a section of configuration becomes options: bound, checked by its validator
/// (generated with <c>[OptionsValidator]</c> from the class's annotations and, for rules between
/// its members, its <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>), and
/// checked at start-up, so that a bad setting stops the service before it serves anything.
/// </summary>
public static class SettingsRegistration
{
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, IConfigurationSection section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }
}
