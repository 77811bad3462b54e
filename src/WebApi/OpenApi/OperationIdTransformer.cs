using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Names every operation after its action and the resource its route names, so that a new action is
/// named with no code here: the action's first word (its verb), then the resource's noun, then the
/// rest of the action's name, in camelCase. The resource is the route's first segment after
/// <c>api/v{n}</c> (<c>accounts</c>, <c>events</c>), whichever controller serves it; its noun is
/// plural for <c>List</c> and singular (the trailing <c>s</c> dropped) otherwise:
/// <c>Register</c> on <c>accounts</c> is <c>registerAccount</c>, <c>List</c> <c>listAccounts</c>,
/// <c>ChangePassword</c> (on <c>accounts/{account_id}/password</c>) <c>changeAccountPassword</c>,
/// <c>GetVerification</c> <c>getAccountVerification</c>, <c>List</c> on <c>events</c>
/// <c>listEvents</c>. Renaming an action renames its operation: clients generated from the document
/// use these names.
/// </summary>
internal sealed class OperationIdTransformer : IOpenApiOperationTransformer
{
    private const string ListVerb = "List";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor is ControllerActionDescriptor action)
        {
            operation.OperationId = OperationId(Resource(context.Description.RelativePath) ?? action.ControllerName, action.ActionName);
        }

        return Task.CompletedTask;
    }

    /// <summary>The operation id of an action on a resource (its plural noun in PascalCase, <c>Accounts</c>).</summary>
    public static string OperationId(string resource, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(action);
        // The verb ends where the second word begins.
        var verbLength = 1;
        while (verbLength < action.Length && !char.IsUpper(action[verbLength]))
        {
            verbLength++;
        }

        var verb = action[..verbLength];
        var noun = verb == ListVerb || !resource.EndsWith('s') ? resource : resource[..^1];
        return string.Concat(char.ToLowerInvariant(verb[0]).ToString(), verb[1..], noun, action[verbLength..]);
    }

    // "api/v1/accounts/{account_id}/password" names Accounts; snake_case and kebab-case words are joined.
    private static string? Resource(string? relativePath)
    {
        var segments = (relativePath ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "api" || !segments[1].StartsWith('v') || segments[2].StartsWith('{'))
        {
            return null;
        }

        return string.Concat(segments[2].Split('_', '-').Where(word => word.Length > 0).Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
    }
}
