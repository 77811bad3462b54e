namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>Anything that went wrong talking to the MtApi5 expert.</summary>
public class MtApi5Exception(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The connection could not be made, or was lost.</summary>
public sealed class MtApi5ConnectionException(string message, Exception? innerException = null)
    : MtApi5Exception(message, innerException);

/// <summary>The expert did not answer in time.</summary>
public sealed class MtApi5TimeoutException(string message) : MtApi5Exception(message);

/// <summary>The expert sent something that is not the protocol.</summary>
public sealed class MtApi5ProtocolException(string message, Exception? innerException = null)
    : MtApi5Exception(message, innerException);

/// <summary>The expert answered a command with an error (<c>{"ErrorCode":-1,"ErrorMessage":"..."}</c>).</summary>
public sealed class MtApi5CommandException(int errorCode, string errorMessage)
    : MtApi5Exception($"The MtApi5 expert answered error {errorCode}: {errorMessage}")
{
    public int ErrorCode { get; } = errorCode;

    public string ErrorMessage { get; } = errorMessage;
}
