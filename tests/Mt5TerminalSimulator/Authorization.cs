using System.Globalization;

namespace Mt5TerminalSimulator;

/// <summary>Simulates the terminal logging into the configured account (see the behaviours in README.md).</summary>
internal static class Authorization
{
    private const string Source = "Network";

    public static async Task RunAsync(
        StartupSettings startup,
        Account? account,
        IReadOnlyList<Account> accounts,
        TerminalState state,
        Journal journal,
        CancellationToken stopping)
    {
        if (startup.Login is not { } login || startup.Server is null)
        {
            journal.Warning(Source, startup.LoginText is null || startup.Server is null
                ? "no account to connect to ([Common] Login and Server are required)"
                : $"'{startup.LoginText}': not a valid login, no connection attempted");
            return;
        }

        // The journal names a server the way the terminal knows it (the accounts file's spelling).
        var server = account?.Server
            ?? accounts.FirstOrDefault(a => string.Equals(a.Server, startup.Server, StringComparison.OrdinalIgnoreCase))?.Server
            ?? startup.Server;

        try
        {
            if (account is null)
            {
                Console.WriteLine($"mt5sim: login {login} on '{startup.Server}' is not in the accounts file: rejected");
                Reject(journal, login, server);
                return;
            }

            if (account.DelayMs > 0)
            {
                await Task.Delay(account.DelayMs, stopping).ConfigureAwait(false);
            }

            switch (account.Behaviour)
            {
                case Behaviour.RejectPassword:
                    Reject(journal, login, server);
                    break;

                case Behaviour.Unreachable:
                    journal.Info(Source, "scanning network for access points");
                    journal.Error(Source, $"'{login}': no connection to {server}");
                    Console.WriteLine($"mt5sim: behaviour 'unreachable': login {login} never connects");
                    break;

                case Behaviour.OtherLogin:
                    Authorize(journal, state, account, login + 1);
                    break;

                default:
                    if (string.Equals(startup.Password ?? string.Empty, account.Password, StringComparison.Ordinal))
                    {
                        Authorize(journal, state, account, login);
                    }
                    else
                    {
                        Console.WriteLine($"mt5sim: wrong password for login {login}: rejected");
                        Reject(journal, login, server);
                    }

                    break;
            }
        }
        catch (OperationCanceledException)
        {
            // Shut down before the login completed.
        }
    }

    private static void Reject(Journal journal, long login, string server)
    {
        journal.Error(Source, $"'{login}': authorization on {server} failed (Invalid account)");
    }

    private static void Authorize(Journal journal, TerminalState state, Account account, long login)
    {
        state.Authorize(account, login);
        journal.Info(
            Source,
            string.Create(
                CultureInfo.InvariantCulture,
                $"'{login}': authorized on {account.Server} through Access Point Simulator (ping: 1.00 ms, build {CommandProcessor.TerminalBuild})"));
        if (!account.TradeAllowed)
        {
            journal.Info(Source, $"'{login}': trading has been disabled - investor mode");
        }

        journal.Info(
            Source,
            $"'{login}': terminal synchronized with {account.Company}: 0 positions, 0 orders, {account.Symbols.Count} symbols, 0 spreads");
        Console.WriteLine($"mt5sim: authorized as {login} on {account.Server}");
    }
}
