using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Names every operation after its action, so that a new action is named with no code here: the
/// action's first word (its verb), then the controller's noun, then the rest of the action's name,
/// in camelCase. The noun is the controller's name (a plural, <c>Accounts</c>) for <c>List</c>, and
/// its singular (the trailing <c>s</c> dropped) otherwise: <c>Accounts.Register</c> is
/// <c>registerAccount</c>, <c>Accounts.List</c> <c>listAccounts</c>, <c>Accounts.ChangePassword</c>
/// <c>changeAccountPassword</c>, <c>Accounts.GetVerification</c> <c>getAccountVerification</c>,
/// <c>Events.List</c> <c>listEvents</c>. Renaming an action renames its operation: clients generated
/// from the document use these names.
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
            operation.OperationId = OperationId(action.ControllerName, action.ActionName);
        }

        return Task.CompletedTask;
    }

    /// <summary>The operation id of an action of a controller (its name without <c>Controller</c>).</summary>
    public static string OperationId(string controller, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(controller);
        ArgumentException.ThrowIfNullOrEmpty(action);
        // The verb ends where the second word begins.
        var verbLength = 1;
        while (verbLength < action.Length && !char.IsUpper(action[verbLength]))
        {
            verbLength++;
        }

        var verb = action[..verbLength];
        var noun = verb == ListVerb || !controller.EndsWith('s') ? controller : controller[..^1];
        return string.Concat(char.ToLowerInvariant(verb[0]).ToString(), verb[1..], noun, action[verbLength..]);
    }
}
