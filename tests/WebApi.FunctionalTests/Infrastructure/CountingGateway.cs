using AccountRegistry.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Infrastructure;

/// <summary>Wraps the configured MT5 gateway and counts how often MT5 is asked.</summary>
public sealed class CountingGateway(IMt5Gateway inner) : IMt5Gateway
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public int Capacity => inner.Capacity;

    /// <summary>When set, every check waits for it before MT5 answers: requests stay in flight until the test lets them go.</summary>
    public Task? HoldUntil { get; set; }

    public async Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (HoldUntil is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        return await inner.VerifyAsync(request, cancellationToken);
    }

    /// <summary>Waits (up to 10 s) until MT5 has been asked <paramref name="calls"/> times.</summary>
    public static async Task WaitForCallsAsync(Func<CountingGateway?> gateway, int calls)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((gateway()?.Calls ?? 0) < calls)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"MT5 was not asked {calls} times");
            await Task.Delay(10);
        }
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
