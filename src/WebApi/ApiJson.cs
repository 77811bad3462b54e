using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AccountRegistry.WebApi;

/// <summary>The API's JSON dialect: snake_case both ways, as the original FastAPI service spoke.</summary>
public static class ApiJson
{
    public static readonly JsonNamingPolicy Naming = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>For bodies written outside MVC (errors, health).</summary>
    public static readonly JsonSerializerOptions SerializerOptions = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = Naming;
        // Numbers are numbers: the web defaults would also read them from strings, and the OpenAPI
        // document would then describe every integer as "integer or string".
        options.NumberHandling = JsonNumberHandling.Strict;
        // Only JSON clients read these bodies (never an HTML page), so quotes and accents stay as they are, as FastAPI sends them.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}
