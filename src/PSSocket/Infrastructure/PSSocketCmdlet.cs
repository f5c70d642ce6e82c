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
    protected IEnumerable<string> ResolveFiles(IEnumerable<string> paths, bool literal)
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
                WriteError(Errors.Create(e, "PathNotFound", ErrorCategory.ObjectNotFound, path));
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
}
