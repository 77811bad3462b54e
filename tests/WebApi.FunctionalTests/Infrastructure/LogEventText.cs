using System.Globalization;
using Serilog.Events;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

public static class LogEventText
{
    /// <summary>Everything a sink could write of the event: its message, every property, and the exception.</summary>
    public static string RenderAll(this LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        logEvent.RenderMessage(writer, CultureInfo.InvariantCulture);
        writer.Write(' ');
        foreach (var (name, value) in logEvent.Properties)
        {
            writer.Write($"{name}={value} ");
        }

        writer.Write(logEvent.Exception?.ToString());
        return writer.ToString();
    }
}
