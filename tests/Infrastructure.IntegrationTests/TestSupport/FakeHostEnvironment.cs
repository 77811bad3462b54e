using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AccountRegistry.Infrastructure.IntegrationTests.TestSupport;

internal sealed class FakeHostEnvironment(string environmentName, string contentRootPath) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "AccountRegistry.Infrastructure.IntegrationTests";

    public string ContentRootPath { get; set; } = contentRootPath;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
