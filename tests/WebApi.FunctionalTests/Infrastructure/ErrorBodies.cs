namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>Reads the <c>{"detail": "...", "code": "..."}</c> body of an error.</summary>
public static class ErrorBodies
{
    /// <summary>The detail and the code, asserting the body is exactly those two, detail first.</summary>
    public static async Task<(string Detail, string Code)> ReadCodedErrorAsync(this HttpResponseMessage response)
    {
        var body = (await response.ReadJsonAsync()).AsObject();
        Assert.That(body.Select(property => property.Key), Is.EqualTo(new[] { "detail", "code" }), body.ToJsonString());
        return (body["detail"]!.GetValue<string>(), body["code"]!.GetValue<string>());
    }

    /// <summary>The code of an error body.</summary>
    public static async Task<string> ReadErrorCodeAsync(this HttpResponseMessage response) => (await response.ReadCodedErrorAsync()).Code;
}
