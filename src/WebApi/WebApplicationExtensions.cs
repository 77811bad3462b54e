using AccountRegistry.WebApi.Errors;
using AccountRegistry.WebApi.Idempotency;
using AccountRegistry.WebApi.Observability;
using AccountRegistry.WebApi.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Serilog;

namespace AccountRegistry.WebApi;

public static class WebApplicationExtensions
{
    /// <summary>The request pipeline and the endpoints.</summary>
    public static WebApplication UseWebApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseTrustedProxies();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS responses only (the middleware's own rule), where TLS ends at this service.
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Outermost after that, so each request is logged once with the status the client really got.
        app.UseSerilogRequestLogging(RequestLogging.Configure);
        app.UseMetricsEndpoint();
        app.UseApiGate();
        // Before anything that reads the body or touches the database: a client over its limit costs nothing.
        app.UseRateLimiter();
        // Outside the exception handler, so that it keeps the responses clients really got. Like the
        // rate limiter, it reads the matched endpoint's metadata ([Idempotent]): WebApplication
        // matches the route before the first middleware here.
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseExceptionHandler();
        // Bodiless errors (unknown route, wrong method or media type) still answer {"detail": ...}.
        app.UseStatusCodePages(context => context.HttpContext.RequestServices.GetRequiredService<ErrorResponseWriter>()
            .WriteAsync(context.HttpContext, ApiErrors.ForStatus(context.HttpContext.Response.StatusCode)));

        app.MapControllers();

        // The API's own description is a map for an attacker too: served where Docs:Enabled says (Development by default).
        if (app.Services.GetRequiredService<IOptions<DocsOptions>>().Value.Enabled ?? app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference("/docs", scalar => scalar
                .WithTitle("AccountRegistry API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReadinessAsync });
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(
            new
            {
                Status = report.Status.ToString(),
                Checks = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()),
            },
            ApiJson.SerializerOptions);

    // The status words as for /health/live, and what each check says beyond its word (the terminal
    // installs: how many are usable, busy, resting, and the queue).
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(
            new
            {
                Status = report.Status.ToString(),
                Checks = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()),
                Details = report.Entries
                    .Where(entry => entry.Value.Description is not null || entry.Value.Data.Count > 0)
                    .ToDictionary(entry => entry.Key, entry => new { entry.Value.Description, entry.Value.Data }),
            },
            ApiJson.SerializerOptions);
}
