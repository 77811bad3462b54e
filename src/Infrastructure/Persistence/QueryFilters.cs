using System.Linq.Expressions;

namespace AccountRegistry.Infrastructure.Persistence;

/// <summary>The lists' filters: each criterion a client gave narrows the query; one it left out does not.</summary>
internal static class QueryFilters
{
    public static IQueryable<T> WhereGiven<T, TValue>(
        this IQueryable<T> query, TValue? value, Func<TValue, Expression<Func<T, bool>>> predicate)
        where TValue : struct =>
        value is { } given ? query.Where(predicate(given)) : query;

    public static IQueryable<T> WhereGiven<T>(
        this IQueryable<T> query, string? value, Func<string, Expression<Func<T, bool>>> predicate) =>
        value is { } given ? query.Where(predicate(given)) : query;
}
