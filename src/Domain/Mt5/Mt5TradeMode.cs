namespace AccountRegistry.Domain.Mt5;

/// <summary>MT5's ENUM_ACCOUNT_TRADE_MODE, in its own order (DEMO=0, CONTEST=1, REAL=2).</summary>
public enum Mt5TradeMode
{
    Demo = 0,
    Contest = 1,
    Real = 2,
}
