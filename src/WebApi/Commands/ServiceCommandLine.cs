using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using AccountRegistry.Application.Maintenance.ImportLegacyAccounts;
using AccountRegistry.Application.Maintenance.ReencryptPasswords;
using Mediator;

namespace AccountRegistry.WebApi.Commands;

/// <summary>
/// The service's command line, through System.CommandLine: with no command it serves the API, and
/// every argument goes to the ASP.NET Core host as before (<c>--urls</c>, <c>--environment</c>,
/// <c>--secrets-dir</c>, <c>Key=Value</c> settings); <c>reencrypt-passwords</c> and <c>import-legacy</c>
/// run a maintenance use case of the Application layer with the service's configuration, then exit.
/// <c>--help</c>, <c>--version</c> and a mistyped command line are answered without starting anything.
/// </summary>
internal sealed class ServiceCommandLine
{
    private readonly string[] _arguments;
    private readonly RootCommand _root;
    private readonly ParseResult _parse;
    private readonly Option<string> _environment;
    private readonly Option<string> _secretsDirectory;
    private readonly Argument<string[]> _settings;
    private WebApplication? _app;

    private ServiceCommandLine(string[] arguments)
    {
        _arguments = arguments;
        _environment = new Option<string>("--environment")
        {
            Description = "The host environment (Development, Production, ...), as ASPNETCORE_ENVIRONMENT.",
            HelpName = "name",
        };
        _secretsDirectory = new Option<string>("--" + SecretsDirectory.OptionName)
        {
            Description = "A folder of secret files, one setting each (Encryption__Keys__k1), as SECRETS_DIR.",
            HelpName = "folder",
        };
        _settings = new Argument<string[]>("settings")
        {
            Description = "Configuration settings as Key=Value (Encryption:ActiveKeyId=k2); environment variables and appsettings*.json apply as well.",
            HelpName = "Key=Value",
            Arity = ArgumentArity.ZeroOrMore,
        };
        _settings.Validators.Add(result =>
        {
            var values = result.GetValueOrDefault<string[]>() ?? [];
            for (var i = 0; i < values.Length; i++)
            {
                // The value is not repeated: a mistyped setting may hold a secret.
                if (values[i].IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"Setting {i + 1} is not Key=Value.");
                }
            }
        });

        _root = new RootCommand(
            "AccountRegistry: registers MetaTrader 5 accounts. With no command, serves the API; the host's own "
            + "arguments pass through (--urls <urls>, --environment <name>, --secrets-dir <folder>, Key=Value settings).")
        {
            // The host's arguments are the host's to read.
            TreatUnmatchedTokensAsErrors = false,
        };
        _root.SetAction((_, _) => ServeAsync());
        _root.Subcommands.Add(ReencryptPasswordsCommand());
        _root.Subcommands.Add(ImportLegacyCommand());
        ListCommandOptionsInRootHelp();
        _parse = _root.Parse(arguments, new ParserConfiguration { ResponseFileTokenReplacer = null });
    }

    /// <summary>Whether the command line asks for the service (the API or a command), rather than for help, the version, or an error message.</summary>
    public bool NeedsHost => _parse.Errors.Count == 0 && _parse.Action is not null && ReferenceEquals(_parse.Action, _parse.CommandResult.Command.Action);

    /// <summary>What the ASP.NET Core host is built with: every argument when serving; a command's host options and settings otherwise.</summary>
    public string[] HostArguments
    {
        get
        {
            if (ReferenceEquals(_parse.CommandResult.Command, _root))
            {
                return _arguments;
            }

            var host = new List<string>();
            if (_parse.GetValue(_environment) is { } environment)
            {
                host.AddRange(["--environment", environment]);
            }

            if (_parse.GetValue(_secretsDirectory) is { } secrets)
            {
                host.AddRange(["--" + SecretsDirectory.OptionName, secrets]);
            }

            host.AddRange(_parse.GetValue(_settings) ?? []);
            return [.. host];
        }
    }

    public static ServiceCommandLine Parse(string[] arguments) => new(arguments);

    /// <summary>Help, the version, or the parse errors, written by System.CommandLine: nothing is hosted.</summary>
    public Task<int> AnswerAsync(TextWriter? output = null, TextWriter? errors = null) =>
        _parse.InvokeAsync(Invocation(output, errors));

    /// <summary>Serves the API on <paramref name="app"/>, or runs the command with its services.</summary>
    public Task<int> RunAsync(WebApplication app)
    {
        _app = app;
        return _parse.InvokeAsync(Invocation(null, null));
    }

    private InvocationConfiguration Invocation(TextWriter? output, TextWriter? errors)
    {
        var invocation = new InvocationConfiguration
        {
            // Faults keep their own handling (and WebApplicationFactory's stop of the entry point gets through).
            EnableDefaultExceptionHandler = false,
            // The API's host handles SIGTERM and Ctrl+C itself, with its graceful shutdown; a command is cancelled by them.
            ProcessTerminationTimeout = ReferenceEquals(_parse.CommandResult.Command, _root) ? null : TimeSpan.FromSeconds(10),
        };
        if (output is not null)
        {
            invocation.Output = output;
        }

        if (errors is not null)
        {
            invocation.Error = errors;
        }

        return invocation;
    }

    // The root's --help goes on with each command's own help: every command with its options, at once.
    private void ListCommandOptionsInRootHelp()
    {
        var help = _root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction((HelpAction)help.Action!, _root);
    }

    private async Task<int> ServeAsync()
    {
        var app = _app ?? throw new InvalidOperationException("The host was not built.");
        app.UseWebApi();
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private Command ReencryptPasswordsCommand()
    {
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Rows read and re-sealed per batch (1-10000).",
            DefaultValueFactory = _ => Application.Maintenance.ReencryptPasswords.ReencryptPasswordsCommand.DefaultBatchSize,
            HelpName = "rows",
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--batch-size must be 1 to 10000.");
            }
        });
        var command = new Command(
            "reencrypt-passwords",
            "Re-seals every stored password not yet in the current format (v2) under Encryption:ActiveKeyId, in batches; "
            + "safe to stop and run again. Exits 1 when a password does not open (listed by account id and login).")
        {
            batchSize, _environment, _secretsDirectory, _settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await SendAsync(new Application.Maintenance.ReencryptPasswords.ReencryptPasswordsCommand(parse.GetValue(batchSize)), cancellationToken)
                .ConfigureAwait(false);
            CommandOutput.Write(result, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return result.Failed.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private Command ImportLegacyCommand()
    {
        var source = new Option<string>("--source")
        {
            Description = "The original system's database: a SQLite file, or a SQL Server connection string. Read only.",
            HelpName = "path-or-connection-string",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Reads, decrypts and checks every row and reports what would be imported; changes nothing.",
        };
        var command = new Command(
            "import-legacy",
            "Imports the original Python system's accounts table. Each password_encrypted (a Fernet token, opened with "
            + "Legacy:FernetKeys:0, :1, ... in order) is re-sealed under Encryption:ActiveKeyId. Logins already registered "
            + "are skipped; a row that does not open or breaks the register rules is reported and skipped (exit 1).")
        {
            source, dryRun, _environment, _secretsDirectory, _settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var result = await SendAsync(new ImportLegacyAccountsCommand(parse.GetRequiredValue(source), parse.GetValue(dryRun)), cancellationToken)
                    .ConfigureAwait(false);
                CommandOutput.Write(result, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
                return result.Complete ? 0 : 1;
            }
            catch (LegacyImportException exception)
            {
                // Its message names the problem, never a key, a password or the connection string.
                await parse.InvocationConfiguration.Error.WriteLineAsync($"import-legacy: {exception.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken)
    {
        var app = _app ?? throw new InvalidOperationException("The host was not built.");
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken).ConfigureAwait(false);
    }

    private sealed class RootHelpAction(HelpAction help, RootCommand root) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            ArgumentNullException.ThrowIfNull(parseResult);
            var status = help.Invoke(parseResult);
            if (!ReferenceEquals(parseResult.CommandResult.Command, root))
            {
                return status;
            }

            var output = parseResult.InvocationConfiguration.Output;
            foreach (var command in root.Subcommands)
            {
                output.WriteLine();
                output.WriteLine($"--- {command.Name} ---");
                output.WriteLine();
                help.Invoke(root.Parse([command.Name, "--help"], parseResult.Configuration));
            }

            return status;
        }
    }
}
