using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mt5TerminalSimulator;

/// <summary>
/// Response JSON as the MtApi5 expert writes it: success <c>{"ErrorCode":"0","Value":...}</c>
/// (ErrorCode a string, Value absent for void commands), failure
/// <c>{"ErrorCode":-1,"ErrorMessage":"..."}</c> (ErrorCode a number). No whitespace.
/// </summary>
internal static class Responses
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Void() => Build(null);

    public static string Success(long value) => Build(w => w.WriteNumberValue(value));

    public static string Success(double value) => Build(w => w.WriteNumberValue(value));

    public static string Success(bool value) => Build(w => w.WriteBooleanValue(value));

    public static string Success(string value) => Build(w => w.WriteStringValue(value));

    public static string Success(Action<Utf8JsonWriter> writeValue) => Build(writeValue);

    public static string Failure(string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("ErrorCode", -1);
            writer.WriteString("ErrorMessage", message);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Build(Action<Utf8JsonWriter>? writeValue)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("ErrorCode", "0");
            if (writeValue is not null)
            {
                writer.WritePropertyName("Value");
                writeValue(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
