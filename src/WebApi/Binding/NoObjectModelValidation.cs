using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace AccountRegistry.WebApi.Binding;

/// <summary>
/// Stands in for MVC's object model validation. The API validates each request once, in the mediator
/// pipeline (FluentValidation), and reports binding problems from its own input formatter; MVC's
/// validation results would land in a ModelState that nothing reads.
/// </summary>
internal sealed class NoObjectModelValidation : IObjectModelValidator
{
    public void Validate(ActionContext actionContext, ValidationStateDictionary? validationState, string prefix, object? model)
    {
    }
}
