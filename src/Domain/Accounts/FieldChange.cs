namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// One field a change touched, with its value before and after, each as JSON text (<c>"Live"</c>,
/// <c>0.1</c>, <c>["EURUSD"]</c>, <c>true</c>). A password is never a field of a change.
/// </summary>
public sealed record FieldChange(string Field, string Old, string New);
