namespace AccountRegistry.WebApi;

/// <summary>Configuration from a folder of secret files: the Docker and Kubernetes secrets convention.</summary>
internal static class SecretsDirectory
{
    /// <summary>The command-line option (<c>--secrets-dir /run/secrets</c>) and the environment variable that name the folder.</summary>
    public const string OptionName = "secrets-dir";
    public const string VariableName = "SECRETS_DIR";

    /// <summary>
    /// Adds each file of the named folder as a setting: its name is the key, with <c>__</c> for
    /// <c>:</c> (<c>Encryption__Keys__k1</c>), its content the value. They override every other
    /// source. A folder that is named but missing stops start-up.
    /// </summary>
    public static IConfigurationBuilder AddSecretsDirectory(this ConfigurationManager configuration)
    {
        var folder = configuration[OptionName] ?? configuration[VariableName];
        if (string.IsNullOrWhiteSpace(folder))
        {
            return configuration;
        }

        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(VariableName, typeof(string),
                [$"The secrets folder '{full}' (--{OptionName} or {VariableName}) does not exist."]);
        }

        return configuration.AddKeyPerFile(full, optional: false, reloadOnChange: false);
    }
}
