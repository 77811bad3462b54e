using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Mt5;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Verifies credentials the way the original system's <c>MetaTrader5.initialize</c> did: starts
/// the terminal logged into the account, then asks it (through the MtApi5 expert) what it got.
/// Verdict (shared/MT5.md): verified when connected as the requested login on the requested
/// server; invalid credentials when the journal says authorization failed or the terminal holds
/// another account; unavailable when the terminal won't start, the port never answers, the
/// protocol fails, or time runs out. An authorization failure is never retried: brokers lock
/// accounts after repeated bad logins. Which install runs the terminal, and when, is the
/// <see cref="TerminalPool"/>'s to say; what happened to the terminal is told back to it.
/// </summary>
internal sealed partial class MtApi5Gateway(
    IOptionsMonitor<Mt5Options> options,
    TerminalPool pool,
    IHostApplicationLifetime lifetime,
    ILogger<MtApi5Gateway> logger) : IMt5Gateway
{
    // Symbol names are fetched this many at a time; commands carry ids, so they may overlap.
    private const int SymbolBatch = 16;

    public int Capacity => Math.Max(1, TerminalPaths.For(options.CurrentValue).Installs.Count);

    private const string StoppingReason = "The service is stopping";

    public async Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.CurrentValue;
        var password = request.Password.Reveal();
        if ((StartupFiles.Unfit(password, "The password") ?? StartupFiles.Unfit(request.Server, "The server")) is { } unfit)
        {
            return new Mt5Verification.InvalidRequest(unfit, Mt5RequestProblem.CredentialsUnusable);
        }

        // An empty mt5_path may take any install of the pool; one that names an install is pinned to it.
        var paths = TerminalPaths.For(settings);
        IReadOnlyList<string> terminals = request.TerminalPath.Length == 0
            ? paths.Pool
            : paths.Resolve(request.TerminalPath) is { } pinned ? [pinned] : [];
        if (terminals.Count == 0)
        {
            return new Mt5Verification.InvalidRequest(request.TerminalPath.Length == 0
                ? "No MT5 terminal is configured for this service (Mt5:TerminalPath or Mt5:Terminals)"
                : "mt5_path is not an allowed terminal; leave it empty to use the service's terminal, or ask for the path to be allowed");
        }

        // Waiting for an install has its own bound (the pool's): a turn may be held for a whole
        // verify timeout, and a queue that waits as long again would let one slow server deny every
        // registration. A service that is stopping (SIGTERM) answers its waiters at once, each with a 503.
        var stopping = lifetime.ApplicationStopping;
        var turn = await pool.AcquireAsync(terminals, stopping, cancellationToken).ConfigureAwait(false);
        if (turn.Lease is not { } lease)
        {
            return turn.Refusal!;
        }

        var terminal = lease.Terminal;
        var session = new Session();
        try
        {
            var verdict = await VerifyOnAsync(request, terminal, settings, session, stopping, cancellationToken).ConfigureAwait(false);
            session.Outcome = verdict switch
            {
                Mt5Verification.Verified => SessionOutcome.Verified,
                Mt5Verification.Rejected => SessionOutcome.Rejected,
                Mt5Verification.Unavailable { Kind: Mt5Unavailability.ServiceStopping } => SessionOutcome.Cancelled,
                // The terminal never got as far as its expert answering: the install is what failed.
                _ when !session.Connected || session.Exited => SessionOutcome.FailedToStart,
                _ => SessionOutcome.Unavailable,
            };
            return verdict;
        }
        finally
        {
            pool.Release(lease, session.Outcome);
        }
    }

    private async Task<Mt5Verification> VerifyOnAsync(
        Mt5LoginRequest request, string terminal, Mt5Options settings, Session session, CancellationToken stopping, CancellationToken cancellationToken)
    {
        // Checked once the install is held, so that refusing a request never waits on the disk;
        // a terminal gone from its install is a failure to start like any other.
        if (!File.Exists(terminal))
        {
            return new Mt5Verification.Unavailable($"The terminal {terminal} does not exist");
        }

        var timeout = TimeSpan.FromSeconds(settings.VerifyTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        deadline.CancelAfter(timeout);
        try
        {
            LogVerifying(request.Login, request.Server, terminal);
            return await RunAsync(request, terminal, settings, session, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return stopping.IsCancellationRequested
                ? new Mt5Verification.Unavailable(StoppingReason, Mt5Unavailability.ServiceStopping)
                : new Mt5Verification.Unavailable($"No verdict from the terminal within {Seconds(timeout)} s ({session.Problem})", Mt5Unavailability.TerminalTimeout);
        }
        catch (Exception exception) when (!session.Launched && exception is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return new Mt5Verification.Unavailable($"The terminal {terminal} could not be started: {exception.Message}");
        }
    }

    private async Task<Mt5Verification> RunAsync(
        Mt5LoginRequest request, string terminal, Mt5Options settings, Session session, CancellationToken cancellationToken)
    {
        var dataFolder = Path.GetDirectoryName(terminal)!;
        var journal = new TerminalJournal(dataFolder);
        var port = FreeLoopbackPort();
        var endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/ws"));
        var clientOptions = new MtApi5ClientOptions(
            TimeSpan.FromSeconds(settings.CommandTimeoutSeconds), TimeSpan.FromSeconds(settings.CommandTimeoutSeconds));
        var poll = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds);
        var password = request.Password.Reveal();

        await using var launch = TerminalLaunch.Start(
            terminal,
            settings.LaunchPrefix,
            settings.WorkDirectory,
            preset => StartupFiles.Ini(request.Login, password, request.Server, settings.ExpertName, preset),
            port,
            LaunchEnvironment.For(settings, Environment.GetEnvironmentVariables()));
        session.Launched = true;
        MtApi5Client? client = null;
        try
        {
            while (true)
            {
                if (JournalVerdict(journal, request) is { } rejected)
                {
                    return rejected;
                }

                if (launch.HasExited)
                {
                    // It may have written its verdict just before it went.
                    session.Exited = true;
                    return (Mt5Verification?)JournalVerdict(journal, request)
                        ?? new Mt5Verification.Unavailable($"The terminal exited with code {launch.ExitCode} before a verdict");
                }

                try
                {
                    if (client is null)
                    {
                        client = await MtApi5Client.ConnectAsync(new WebSocketTransport(), endpoint, clientOptions, cancellationToken).ConfigureAwait(false);
                        session.Connected = true;
                    }

                    if (await CheckAsync(client, request, cancellationToken).ConfigureAwait(false) is { } verdict)
                    {
                        return verdict;
                    }

                    session.Problem = "the terminal has not logged in yet";
                }
                catch (MtApi5Exception exception)
                {
                    // The port not open yet, a dropped socket, a silent expert: worth another try within the time.
                    session.Problem = exception.Message;
                    LogRetrying(request.Login, exception.Message);
                    if (client is not null)
                    {
                        await client.DisposeAsync().ConfigureAwait(false);
                        client = null;
                    }
                }

                await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A verdict when the terminal is logged into an account; null while it is not yet.</summary>
    private static async Task<Mt5Verification?> CheckAsync(MtApi5Client client, Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        var connected = await client.TerminalInfoIntegerAsync(TerminalInteger.Connected, cancellationToken).ConfigureAwait(false);
        var login = await client.AccountInfoIntegerAsync(AccountInteger.Login, cancellationToken).ConfigureAwait(false);
        if (connected == 0 || login == 0)
        {
            return null;
        }

        var server = await client.AccountInfoStringAsync(AccountString.Server, cancellationToken).ConfigureAwait(false);
        if (login != request.Login || !string.Equals(server, request.Server, StringComparison.OrdinalIgnoreCase))
        {
            return new Mt5Verification.Rejected("the terminal logged into a different account");
        }

        return new Mt5Verification.Verified(await ReadAccountAsync(client, login, server, cancellationToken).ConfigureAwait(false));
    }

    // What a terminal reports is kept with the account (and read back by every change of it), so it is
    // bounded like anything a client sends: a terminal reporting more is broken, not a broker's server.
    internal const int MaxSymbols = 50_000;
    internal const int MaxSymbolNameLength = 64;
    internal const int MaxCompanyLength = 256;
    internal const int MaxCurrencyLength = 16;

    private static async Task<Mt5AccountSnapshot> ReadAccountAsync(MtApi5Client client, long login, string server, CancellationToken cancellationToken)
    {
        var company = Bounded(await client.AccountInfoStringAsync(AccountString.Company, cancellationToken).ConfigureAwait(false), MaxCompanyLength, "ACCOUNT_COMPANY");
        var currency = Bounded(await client.AccountInfoStringAsync(AccountString.Currency, cancellationToken).ConfigureAwait(false), MaxCurrencyLength, "ACCOUNT_CURRENCY");
        var mode = await client.AccountInfoIntegerAsync(AccountInteger.TradeMode, cancellationToken).ConfigureAwait(false);
        if (!Enum.IsDefined(typeof(Mt5TradeMode), (int)mode))
        {
            throw new MtApi5ProtocolException($"ACCOUNT_TRADE_MODE {mode} is not DEMO, CONTEST or REAL.");
        }

        // An investor (read-only) login reports both as 0; automated trading needs both.
        var tradeAllowed = await client.AccountInfoIntegerAsync(AccountInteger.TradeAllowed, cancellationToken).ConfigureAwait(false) != 0
            && await client.AccountInfoIntegerAsync(AccountInteger.TradeExpert, cancellationToken).ConfigureAwait(false) != 0;

        // Every symbol of the server (Selected=false), full names: GetSymbols would cut suffixes off.
        var total = await client.SymbolsTotalAsync(selected: false, cancellationToken).ConfigureAwait(false);
        if (total is < 0 or > MaxSymbols)
        {
            throw new MtApi5ProtocolException(string.Create(CultureInfo.InvariantCulture, $"SymbolsTotal reported {total} symbols; at most {MaxSymbols} are read."));
        }

        var symbols = new List<string>(total);
        for (var first = 0; first < total; first += SymbolBatch)
        {
            var batch = Enumerable.Range(first, Math.Min(SymbolBatch, total - first))
                .Select(position => client.SymbolNameAsync(position, selected: false, cancellationToken));
            symbols.AddRange((await Task.WhenAll(batch).ConfigureAwait(false)).Select(name => Bounded(name, MaxSymbolNameLength, "SymbolName")));
        }

        return new Mt5AccountSnapshot(login, server, company, currency, (Mt5TradeMode)(int)mode, tradeAllowed, symbols);
    }

    private static string Bounded(string value, int maxLength, string what) =>
        value.Length <= maxLength
            ? value
            : throw new MtApi5ProtocolException(string.Create(CultureInfo.InvariantCulture, $"{what} reported {value.Length} characters; at most {maxLength} are kept."));

    private static Mt5Verification.Rejected? JournalVerdict(TerminalJournal journal, Mt5LoginRequest request) =>
        journal.ReadNewEntries().OfType<AuthorizationEntry.Failed>().FirstOrDefault(entry => entry.Login == request.Login) is { } failed
            ? new Mt5Verification.Rejected(failed.Reason)
            : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Verifying login {Login} on {Server} with the terminal {Terminal}")]
    private partial void LogVerifying(long login, string server, string terminal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Login {Login}: no answer from the terminal yet ({Problem})")]
    private partial void LogRetrying(long login, string problem);

    /// <summary>How far one terminal session got: the verdict's detail, and what its install is told.</summary>
    private sealed class Session
    {
        public string Problem { get; set; } = "the terminal has not answered";

        /// <summary>The terminal's process was started.</summary>
        public bool Launched { get; set; }

        /// <summary>The MtApi5 expert answered a handshake at least once.</summary>
        public bool Connected { get; set; }

        /// <summary>The terminal exited before a verdict.</summary>
        public bool Exited { get; set; }

        /// <summary>What the pool is told when the install is given back; a fault or a cancellation says nothing of the install.</summary>
        public SessionOutcome Outcome { get; set; } = SessionOutcome.Cancelled;
    }
}
