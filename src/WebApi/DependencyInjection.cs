using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Settings;
using AccountRegistry.WebApi.Binding;
using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Observability;
using AccountRegistry.WebApi.OpenApi;
using AccountRegistry.WebApi.Parameters;
using AccountRegistry.WebApi.Security;
using AccountRegistry.WebApi.Verifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace AccountRegistry.WebApi;

public static class DependencyInjection
{
    /// <summary>MVC with the API's JSON dialect and error shapes, OpenAPI, health checks, metrics and traces.</summary>
    public static IServiceCollection AddWebApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RequestLimitsOptions, RequestLimitsOptionsValidator>(configuration.GetSection(RequestLimitsOptions.SectionName));

        services
            .AddControllers(mvc =>
            {
                // Every [FromBody] is read by the one binder; MVC's JSON formatter would be a second way.
                mvc.InputFormatters.RemoveType<Microsoft.AspNetCore.Mvc.Formatters.SystemTextJsonInputFormatter>();
                mvc.InputFormatters.Insert(0, new RequestBodyInputFormatter());
                // Path and query parameters ({account_id}, skip, limit, the list filters) as FastAPI reads them, answered before the action.
                mvc.ModelBinderProviders.Insert(0, new ParameterModelBinderProvider());
                mvc.Filters.Add<ParameterErrorsFilter>();
            })
            .AddJsonOptions(json => ApiJson.Configure(json.JsonSerializerOptions))
            // Requests are validated once, in the mediator pipeline; MVC's own 400 would be a second error shape.
            .ConfigureApiBehaviorOptions(api => api.SuppressModelStateInvalidFilter = true);
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        // ...and MVC's validation visitor, which walks every bound object to collect ModelState errors
        // nothing reads, is replaced by one that does nothing (it was 7% of a registration's allocations).
        services.AddSingleton<IObjectModelValidator, NoObjectModelValidation>();
        services.AddSingleton<RequestContracts>();

        services.AddSingleton<ErrorResponseWriter>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddOpenApi(openApi =>
        {
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "AccountRegistry";
                document.Info.Description = "Registers MetaTrader 5 accounts for automated trading: verifies the credentials " +
                    "against MT5, encrypts the password, and stores the account with its trading limits.";
                return Task.CompletedTask;
            });
            // The contract's generic parts, from each action's metadata: its name, headers and security.
            openApi.AddOperationTransformer<OperationIdTransformer>();
            openApi.AddOperationTransformer<IdempotencyKeyTransformer>();
            openApi.AddOperationTransformer<ResponseHeadersTransformer>();
            openApi.AddOperationTransformer<ErrorCodesTransformer>();
            openApi.AddSchemaTransformer<ErrorCodeSchemaTransformer>();
            openApi.AddSchemaTransformer<AllowedValuesSchemaTransformer>();
            openApi.AddDocumentTransformer<ApiKeySecurityTransformer>();
            openApi.AddDocumentTransformer<ServersAndTagsTransformer>();
            openApi.AddSchemaTransformer<RequestBodySchemaTransformer>();
            openApi.AddOperationTransformer<RegisterAccountExamplesTransformer>();
            openApi.AddOperationTransformer<PagedListTransformer>();
            openApi.AddOperationTransformer<AccountIdSchemaTransformer>();
            openApi.AddOperationTransformer<EntityTagTransformer>();
            openApi.AddOperationTransformer<AllowedValuesTransformer>();
            openApi.AddOperationTransformer<RespondAsyncTransformer>();
        });

        // Nothing to check but what the binder refuses (Docs:Enabled=abc).
        services.AddOptions<DocsOptions>().Bind(configuration.GetSection(DocsOptions.SectionName)).ValidateOnStart();
        services.AddHealthChecks();
        services.AddHttpContextAccessor();
        // The request's caller; in a verification job's scope, the caller that queued the job.
        services.AddScoped<ICaller>(provider => provider.GetRequiredService<VerificationCaller>().Caller
            ?? new HttpCaller(provider.GetRequiredService<IHttpContextAccessor>()));
        services.AddVerifications();
        services.AddApiSecurity(configuration);
        services.AddObservability(configuration);
        return services;
    }
}
