namespace AccountRegistry.Application.Common.Exceptions;

/// <summary>The request cannot be verified as given, e.g. its terminal path is not allowed (HTTP 400).</summary>
public sealed class Mt5RequestInvalidException(string detail) : Exception(detail);
