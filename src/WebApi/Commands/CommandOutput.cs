using System.Globalization;
using AccountRegistry.Application.Maintenance.ImportLegacyAccounts;
using AccountRegistry.Application.Maintenance.ReencryptPasswords;

namespace AccountRegistry.WebApi.Commands;

/// <summary>What the maintenance commands print: counts to standard output, each row that failed to standard error; never a password or a key.</summary>
internal static class CommandOutput
{
    public static void Write(ReencryptionResult result, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var failure in result.Failed)
        {
            errors.WriteLine(Text($"Could not open the password of account {failure.AccountId} (login {failure.Login}): {failure.Reason} It was left as it was."));
        }

        output.WriteLine(Text($"Re-encrypted {result.Reencrypted} passwords under the active key."));
        if (result.Failed.Count > 0)
        {
            errors.WriteLine(Text(
                $"{result.Failed.Count} passwords could not be opened and were not re-encrypted; each opens only with the key that sealed it (Encryption:Keys) and the login and server it was sealed for."));
        }
    }

    public static void Write(LegacyImportResult result, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var report in result.Reports)
        {
            var row = Text($"Row {(report.RowId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "(no id)")}");
            var login = report.Login is { } value ? Text($" (login {value})") : string.Empty;
            var line = report.Outcome switch
            {
                LegacyRowOutcome.AlreadyRegistered => $"{row}{login}: {report.Detail}.",
                _ => $"{row}{login}: {report.Detail}; not imported.",
            };
            (report.Outcome == LegacyRowOutcome.AlreadyRegistered ? output : errors).WriteLine(line);
        }

        if (result.Unreported > 0)
        {
            errors.WriteLine(Text($"... and {result.Unreported} more rows not imported, not listed."));
        }

        output.WriteLine(result.DryRun
            ? Text($"Dry run: {result.Imported} accounts would be imported; nothing was changed.")
            : Text($"Imported {result.Imported} accounts."));
        output.WriteLine(Text($"Skipped {result.AlreadyRegistered} rows whose login is registered already."));
        if (!result.Complete)
        {
            errors.WriteLine(Text(
                $"{result.NotOpened + result.Invalid} rows could not be imported: {result.NotOpened} whose password no Legacy:FernetKeys key opens, {result.Invalid} that break the register rules."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
