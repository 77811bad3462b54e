namespace AccountRegistry.Application.Common.Models;

/// <summary>
/// A request field that may be absent, as a merge-patch needs: an absent field (<see cref="IsSet"/>
/// false) leaves the stored value as it is, a present one replaces it. An explicit JSON <c>null</c>
/// is a present value, allowed only where <typeparamref name="T"/> is nullable; the body binder
/// reports it as a type error otherwise.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "The usual name of the idea (Optional in VB is a parameter modifier); the API has no VB callers.")]
public readonly record struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    /// <summary>The value given; reading it from an absent field is a programming error.</summary>
    public T Value => IsSet ? _value : throw new InvalidOperationException("The field was not given.");

    /// <summary>The value given, or <paramref name="current"/> for an absent field.</summary>
    public T Or(T current) => IsSet ? _value : current;

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => IsSet ? $"{_value}" : "(unset)";
}
