using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// The document's server and tags. The server is <c>/</c>, the service that serves the document,
/// wherever that is (the request's own host would describe a proxy's view, or localhost). Each tag
/// (a controller) is described by its controller's <see cref="DescriptionAttribute"/>.
/// </summary>
internal sealed class ServersAndTagsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service" }];

        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .Select(item => item.ActionDescriptor)
            .OfType<ControllerActionDescriptor>()
            .Select(action => (action.ControllerName, action.ControllerTypeInfo.GetCustomAttribute<DescriptionAttribute>()?.Description))
            .Where(controller => controller.Description is not null)
            .DistinctBy(controller => controller.ControllerName)
            .ToDictionary(controller => controller.ControllerName, controller => controller.Description!, StringComparer.Ordinal);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
