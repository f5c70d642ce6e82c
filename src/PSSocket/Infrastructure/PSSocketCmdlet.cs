using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>Base of every PSSocket cmdlet: turns engine failures into ErrorRecords.</summary>
public abstract class PSSocketCmdlet : PSCmdlet
{
    /// <summary>One bad input: report it and go on with the next.</summary>
    protected void WriteFault(PSSocketException fault) => WriteError(Errors.From(fault));

    /// <summary>The cmdlet cannot go on.</summary>
    protected void ThrowFault(PSSocketException fault) => ThrowTerminatingError(Errors.From(fault));

    /// <summary>
    /// File-system paths for -Path (wildcards expanded) or -LiteralPath (taken as written).
    /// A path that matches nothing, or is not on the file system, is a non-terminating error.
    /// </summary>
    /// <remarks>
    /// A -Path whose wildcards match nothing is an error, as in Get-Content; when a file of that
    /// very name exists ('lab[1].pcap'), the error says so and points to -LiteralPath.
    /// </remarks>
    protected IEnumerable<string> ResolveFiles(IEnumerable<string> paths, bool literal, string notFoundErrorId = "PathNotFound")
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (string path in paths)
        {
            List<string> resolved = [];
            ProviderInfo provider;
            try
            {
                if (literal)
                {
                    resolved.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                }
                else
                {
                    resolved.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                }
            }
            catch (Exception e) when (e is ItemNotFoundException or ProviderNotFoundException or System.Management.Automation.DriveNotFoundException)
            {
                WriteError(Errors.Create(e, notFoundErrorId, ErrorCategory.ObjectNotFound, path));
                continue;
            }

            if (resolved.Count == 0)
            {
                WriteError(Errors.Create(new ItemNotFoundException(NoMatch(path)), notFoundErrorId, ErrorCategory.ObjectNotFound, path));
                continue;
            }

            if (provider.Name != "FileSystem")
            {
                WriteError(Errors.Create(new ArgumentException($"'{path}' is not a file-system path."), "NotAFileSystemPath", ErrorCategory.InvalidArgument, path));
                continue;
            }

            foreach (string file in resolved)
            {
                yield return file;
            }
        }
    }

    /// <summary>
    /// The one file a -Path (wildcards, as Out-File resolves them: exactly one existing match) or a
    /// -LiteralPath names for writing. Terminates the cmdlet when it names none or several.
    /// </summary>
    protected string ResolveOutputPath(string path, bool literal)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
        {
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(literal ? path : WildcardPattern.Unescape(path));
        }

        List<string> matches = [];
        try
        {
            matches.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _));
        }
        catch (ItemNotFoundException)
        {
            // handled as no match below
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        string message = matches.Count == 0
            ? NoMatch(path) + " To create a file whose name has wildcard characters, use -LiteralPath."
            : $"'{path}' matches {matches.Count} files; give a path that names one file.";
        ThrowTerminatingError(Errors.Create(new ItemNotFoundException(message), matches.Count == 0 ? "PathNotFound" : "PathMatchesSeveralFiles", matches.Count == 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidArgument, path));
        return null!; // unreachable: ThrowTerminatingError always throws
    }

    private string NoMatch(string path)
    {
        string literal;
        try
        {
            literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        }
        catch (RuntimeException)
        {
            return $"No file matches the wildcard pattern '{path}'.";
        }

        return File.Exists(literal) || Directory.Exists(literal)
            ? $"No file matches the wildcard pattern '{path}'. A file of that very name exists: -Path reads [ ] * ? as wildcards, so use -LiteralPath '{path}' to name it."
            : $"No file matches the wildcard pattern '{path}'.";
    }
}
