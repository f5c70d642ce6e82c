using System.Diagnostics;

namespace PSSocket.TestSupport;

/// <summary>
/// Runs an external program for a test (tshark, tcpdump, ping, `dotnet pwsh`, HelpGen), always
/// with a time limit: the one way every test project starts a process and reads what it wrote.
/// </summary>
public static class Peer
{
    /// <summary>Runs to completion; returns exit code, stdout and stderr.</summary>
    /// <exception cref="TimeoutException">The program did not finish within <paramref name="limit"/> (30 s by default); it was killed.</exception>
    public static (int Exit, string Out, string Err) Run(string tool, IEnumerable<string> arguments, TimeSpan? limit = null, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in time");
        }

        process.WaitForExit();
        (int, string, string) result = (process.ExitCode, stdout.Result, stderr.Result);
        // Read this way, the redirected streams are the caller's: Process.Dispose leaves their pipes open
        // until a finalizer closes them, which the tests that count this process's descriptors then see.
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        return result;
    }
}
