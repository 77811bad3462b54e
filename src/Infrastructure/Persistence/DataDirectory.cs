using Microsoft.Extensions.Hosting;

namespace AccountRegistry.Infrastructure.Persistence;

internal static class DataDirectory
{
    /// <summary>The data folder as a full path: relative paths are under the content root.</summary>
    public static string Resolve(DatabaseOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
}
