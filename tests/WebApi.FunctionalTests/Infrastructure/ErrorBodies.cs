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

    /// <summary>Asserts the body's code is <paramref name="code"/> and its detail meets <paramref name="detail"/>.</summary>
    public static async Task AssertErrorAsync(this HttpResponseMessage response, string code, NUnit.Framework.Constraints.IResolveConstraint detail)
    {
        var (actualDetail, actualCode) = await response.ReadCodedErrorAsync();
        Assert.That(actualCode, Is.EqualTo(code));
        Assert.That(actualDetail, detail);
    }

    /// <summary>The code of an error body.</summary>
    public static async Task<string> ReadErrorCodeAsync(this HttpResponseMessage response) => (await response.ReadCodedErrorAsync()).Code;
}
