using System.Globalization;
using System.Text.RegularExpressions;

namespace AccountRegistry.WebApi.FunctionalTests.Observability;

/// <summary>One sample of a scrape: the metric's name, its labels and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Whether every label given has that value (others may be present too).</summary>
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(label => Labels.TryGetValue(label.Name, out var value) && value == label.Value);
}

/// <summary>
/// A small reader of Prometheus' text format (0.0.4): comment lines (<c># HELP</c>, <c># TYPE</c>,
/// <c># EOF</c>) and sample lines <c>name{label="value",...} value [timestamp]</c>. A line that is
/// neither fails the parse, so a malformed scrape fails the test that reads it.
/// </summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a Prometheus sample line: '{line}'");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                labels.Add(label.Groups["name"].Value, Unescape(label.Groups["value"].Value));
            }

            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return samples;
    }

    /// <summary>The one sample of <paramref name="name"/> with these labels; fails when there is none or more than one.</summary>
    public static double Single(this IReadOnlyList<PrometheusSample> samples, string name, params (string Name, string Value)[] labels)
    {
        var found = samples.Where(sample => sample.Name == name && sample.Has(labels)).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"{name} with {string.Join(", ", labels)}");
        return found[0].Value;
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string value) => value.Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*)\})? (?<value>[^ ]+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>([^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
