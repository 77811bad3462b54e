using System.Text;
using System.Text.Json;
using AccountRegistry.Application.Accounts.RegisterAccount;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using FluentValidation;
using Mediator;

namespace AccountRegistry.Application.Maintenance.ImportLegacyAccounts;

/// <summary>
/// Streams the legacy table a batch at a time: each row's Fernet token is opened, the row is checked
/// against the register rules (the register validator and the entity's guards), its password is
/// re-sealed under the active key, and the batch is stored in one write. A login registered already
/// is skipped; a row that does not open or breaks a rule is reported and skipped, and the run goes on.
/// The MT5 terminal is not asked: the original system checked these credentials.
/// </summary>
public sealed class ImportLegacyAccountsCommandHandler(
    ILegacyAccountSource source,
    ILegacyPasswordDecryptor decryptor,
    IAccountImportStore store,
    IPasswordProtector protector,
    IValidator<RegisterAccountCommand> rules,
    TimeProvider clock)
    : IRequestHandler<ImportLegacyAccountsCommand, LegacyImportResult>
{
    // Longer than the token of any password the register rules allow (128 characters of UTF-8).
    private const int MaxTokenLength = 1024;

    // Room for the most symbols allowed, each of the longest length, quoted and escaped.
    private const int MaxAllowedSymbolsJsonLength = 64 * 1024;

    private const int MaxProblemsPerRow = 3;

    public async ValueTask<LegacyImportResult> Handle(ImportLegacyAccountsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (decryptor.KeyProblems.Count > 0)
        {
            throw new LegacyImportException(string.Join(" ", decryptor.KeyProblems));
        }

        var run = new Run(command.DryRun);
        var batch = new List<LegacyAccountRow>(ImportLegacyAccountsCommand.BatchSize);
        await foreach (var row in source.ReadAsync(command.Source, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(row);
            if (batch.Count == ImportLegacyAccountsCommand.BatchSize)
            {
                await ImportAsync(batch, run, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        await ImportAsync(batch, run, cancellationToken).ConfigureAwait(false);
        return run.Result();
    }

    private async Task ImportAsync(List<LegacyAccountRow> batch, Run run, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var logins = batch.Where(row => row.Login is not null).Select(row => row.Login!.Value).Distinct().ToList();
        var registered = await store.RegisteredLoginsAsync(logins, cancellationToken).ConfigureAwait(false);
        var accepted = new List<(LegacyAccountRow Row, Account Account)>();
        foreach (var row in batch)
        {
            if (await CheckAsync(row, registered, run, cancellationToken).ConfigureAwait(false) is { } account)
            {
                accepted.Add((row, account));
            }
        }

        if (run.DryRun || accepted.Count == 0)
        {
            run.Imported += accepted.Count;
            return;
        }

        var taken = await store.AddAsync(accepted.Select(a => a.Account).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var (row, account) in accepted)
        {
            if (taken.Contains(account.Login))
            {
                run.Skip(row, LegacyRowOutcome.AlreadyRegistered, "registered meanwhile; skipped");
            }
            else
            {
                run.Imported++;
            }
        }
    }

    /// <summary>The account the row becomes, or null when it is skipped (and then reported).</summary>
    private async Task<Account?> CheckAsync(LegacyAccountRow row, IReadOnlySet<long> registered, Run run, CancellationToken cancellationToken)
    {
        if (row.Problems.Count > 0)
        {
            return run.Skip(row, LegacyRowOutcome.Invalid, string.Join("; ", row.Problems.Take(MaxProblemsPerRow)));
        }

        var missing = new[]
        {
            ("login", row.Login is null), ("name", row.Name is null), ("broker", row.Broker is null),
            ("server", row.Server is null), ("password_encrypted", string.IsNullOrEmpty(row.PasswordEncrypted)),
        }.Where(column => column.Item2).Select(column => $"{column.Item1} is empty").ToList();
        if (missing.Count > 0)
        {
            return run.Skip(row, LegacyRowOutcome.Invalid, string.Join("; ", missing));
        }

        var login = row.Login!.Value;
        if (registered.Contains(login))
        {
            return run.Skip(row, LegacyRowOutcome.AlreadyRegistered, "already registered; skipped");
        }

        if (run.Seen.Contains(login))
        {
            return run.Skip(row, LegacyRowOutcome.AlreadyRegistered, "its login is on an earlier row; skipped");
        }

        if (row.PasswordEncrypted!.Length > MaxTokenLength)
        {
            return run.Skip(row, LegacyRowOutcome.Invalid, $"password_encrypted is longer than {MaxTokenLength} characters");
        }

        if (!TryReadSymbols(row.AllowedSymbols, out var symbols))
        {
            return run.Skip(row, LegacyRowOutcome.Invalid, "allowed_symbols is not a JSON list of strings");
        }

        var password = decryptor.Decrypt(row.PasswordEncrypted);
        if (password is null)
        {
            return run.Skip(row, LegacyRowOutcome.PasswordNotOpened, "no Legacy:FernetKeys key opens its password_encrypted");
        }

        var request = new RegisterAccountCommand
        {
            Name = row.Name!,
            Broker = row.Broker!,
            Login = login,
            Password = password,
            Server = row.Server!,
            IsLive = row.IsLive ?? false,
            AllowedSymbols = symbols,
            MaxLotSize = row.MaxLotSize ?? AccountLimits.DefaultMaxLotSize,
            RiskPct = row.RiskPct ?? AccountLimits.DefaultRiskPct,
            AutoTradeEnabled = row.AutoTradeEnabled ?? true,
            Mt5Path = row.Mt5Path ?? string.Empty,
            AccountType = row.AccountType ?? nameof(AccountType.USD),
        };
        var verdict = await rules.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!verdict.IsValid)
        {
            // The rules' messages quote no password.
            return run.Skip(row, LegacyRowOutcome.Invalid, string.Join("; ", verdict.Errors
                .Take(MaxProblemsPerRow)
                .Select(error => $"{ColumnName(error.PropertyName)}: {error.ErrorMessage}")));
        }

        try
        {
            var account = Account.Import(
                new AccountDetails(
                    request.Name, request.Broker, login, request.Server, request.IsLive, request.AllowedSymbols, request.MaxLotSize,
                    request.RiskPct, request.AutoTradeEnabled, request.Mt5Path, Enum.Parse<AccountType>(request.AccountType)),
                protector.Protect(password, login, request.Server),
                row.IsActive ?? true,
                row.PaperTradeEnabled ?? false,
                row.CreatedAt ?? clock.GetUtcNow());
            run.Seen.Add(login);
            return account;
        }
        catch (DomainRuleViolationException exception)
        {
            return run.Skip(row, LegacyRowOutcome.Invalid, exception.Message);
        }
    }

    private static bool TryReadSymbols(string? json, out IReadOnlyList<string> symbols)
    {
        symbols = [];
        if (json is null)
        {
            return true;
        }

        if (json.Length > MaxAllowedSymbolsJsonLength)
        {
            return false;
        }

        try
        {
            var list = JsonSerializer.Deserialize<List<string>>(json);
            if (list is null || list.Contains(null!))
            {
                return false;
            }

            symbols = list;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // AllowedSymbols[2] -> allowed_symbols[2]: the legacy table's spelling.
    private static string ColumnName(string propertyName)
    {
        var name = new StringBuilder(propertyName.Length + 4);
        for (var i = 0; i < propertyName.Length; i++)
        {
            var c = propertyName[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0 && propertyName[i - 1] != '.' && propertyName[i - 1] != '[')
                {
                    name.Append('_');
                }

                name.Append(char.ToLowerInvariant(c));
            }
            else
            {
                name.Append(c);
            }
        }

        return name.ToString();
    }

    private sealed class Run(bool dryRun)
    {
        private readonly List<LegacyRowReport> _reports = [];

        public bool DryRun { get; } = dryRun;

        /// <summary>Logins accepted in this run: a later row with the same login is a repeat.</summary>
        public HashSet<long> Seen { get; } = [];

        public int Imported { get; set; }

        private int AlreadyRegistered { get; set; }

        private int NotOpened { get; set; }

        private int Invalid { get; set; }

        public Account? Skip(LegacyAccountRow row, LegacyRowOutcome outcome, string detail)
        {
            switch (outcome)
            {
                case LegacyRowOutcome.AlreadyRegistered:
                    AlreadyRegistered++;
                    break;
                case LegacyRowOutcome.PasswordNotOpened:
                    NotOpened++;
                    break;
                default:
                    Invalid++;
                    break;
            }

            if (_reports.Count < ImportLegacyAccountsCommand.MaxReportedRows)
            {
                _reports.Add(new LegacyRowReport(row.RowId, row.Login, outcome, detail));
            }

            return null;
        }

        public LegacyImportResult Result() =>
            new(DryRun, Imported, AlreadyRegistered, NotOpened, Invalid, _reports.ToArray());
    }
}

