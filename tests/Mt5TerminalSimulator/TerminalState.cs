namespace Mt5TerminalSimulator;

/// <summary>
/// What the terminal knows about its account: nothing until authorization succeeds, then the
/// account's properties and symbols. Shared by the authorization task and every connection.
/// </summary>
internal sealed class TerminalState
{
    /// <summary>ERR_MARKET_UNKNOWN_SYMBOL.</summary>
    public const int ErrMarketUnknownSymbol = 4301;

    private readonly Lock sync = new();
    private readonly string chartSymbol;
    private readonly List<string> marketWatch = [];
    private Account? account;
    private long login;
    private int lastError;

    public TerminalState(string chartSymbol)
    {
        this.chartSymbol = chartSymbol;
    }

    /// <summary>The chart symbol from <c>[StartUp] Symbol</c>.</summary>
    public string ChartSymbol => this.chartSymbol;

    public bool Connected
    {
        get
        {
            lock (this.sync)
            {
                return this.account is not null;
            }
        }
    }

    /// <summary>ACCOUNT_LOGIN: 0 until authorized.</summary>
    public long Login
    {
        get
        {
            lock (this.sync)
            {
                return this.login;
            }
        }
    }

    public int LastError
    {
        get
        {
            lock (this.sync)
            {
                return this.lastError;
            }
        }
    }

    /// <summary>The authorized account, or null.</summary>
    public Account? Account
    {
        get
        {
            lock (this.sync)
            {
                return this.account;
            }
        }
    }

    /// <summary>Marks the terminal authorized as <paramref name="authorizedLogin"/> with <paramref name="authorizedAccount"/>'s properties.</summary>
    public void Authorize(Account authorizedAccount, long authorizedLogin)
    {
        lock (this.sync)
        {
            this.account = authorizedAccount;
            this.login = authorizedLogin;
            this.marketWatch.Clear();
            var chart = authorizedAccount.Symbols.FirstOrDefault(s => string.Equals(s, this.chartSymbol, StringComparison.Ordinal));
            if (chart is not null)
            {
                this.marketWatch.Add(chart);
            }
        }
    }

    /// <summary>SymbolsTotal(selected).</summary>
    public int SymbolsTotal(bool selected)
    {
        lock (this.sync)
        {
            return selected ? this.marketWatch.Count : this.account?.Symbols.Count ?? 0;
        }
    }

    /// <summary>SymbolName(pos, selected): the name, or "" when pos is out of range.</summary>
    public string SymbolName(int pos, bool selected)
    {
        lock (this.sync)
        {
            IReadOnlyList<string> list = selected ? this.marketWatch : this.account?.Symbols ?? [];
            if (pos < 0 || pos >= list.Count)
            {
                this.lastError = ErrMarketUnknownSymbol;
                return string.Empty;
            }

            return list[pos];
        }
    }

    /// <summary>SymbolSelect(symbol, select): false (and ERR_MARKET_UNKNOWN_SYMBOL) for a symbol the server does not have.</summary>
    public bool SymbolSelect(string symbol, bool select)
    {
        lock (this.sync)
        {
            var known = this.account?.Symbols.Contains(symbol, StringComparer.Ordinal) ?? false;
            if (!known)
            {
                this.lastError = ErrMarketUnknownSymbol;
                return false;
            }

            var index = this.marketWatch.IndexOf(symbol);
            if (select && index < 0)
            {
                this.marketWatch.Add(symbol);
            }
            else if (!select && index >= 0)
            {
                this.marketWatch.RemoveAt(index);
            }

            return true;
        }
    }
}
