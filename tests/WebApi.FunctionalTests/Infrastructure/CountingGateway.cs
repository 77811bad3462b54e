using AccountRegistry.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>Wraps the configured MT5 gateway and counts how often MT5 is asked.</summary>
public sealed class CountingGateway(IMt5Gateway inner) : IMt5Gateway
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return inner.VerifyAsync(request, cancellationToken);
    }

    /// <summary>Puts a counter around the gateway the service registered; the counter is set into <paramref name="counter"/>.</summary>
    public static void Install(IServiceCollection services, Action<CountingGateway> counter)
    {
        var original = services.Last(d => d.ServiceType == typeof(IMt5Gateway));
        services.Remove(original);
        services.AddSingleton<IMt5Gateway>(provider =>
        {
            var counting = new CountingGateway((IMt5Gateway)original.ImplementationFactory!(provider));
            counter(counting);
            return counting;
        });
    }
}
