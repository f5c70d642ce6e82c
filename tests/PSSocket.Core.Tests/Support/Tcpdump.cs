using System.Diagnostics;

namespace PSSocket.Core.Tests.Support;

/// <summary>A tcpdump writing a file, started and confirmed listening before traffic, stopped with SIGINT.</summary>
internal sealed class Tcpdump : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    public Tcpdump(string path, string device, string filter, int maxPackets, int snapLength = 262144)
    {
        var start = new ProcessStartInfo("timeout") { RedirectStandardError = true, RedirectStandardOutput = true };
        // --immediate-mode: each packet is handed over at once, not when a ring block fills or times out;
        // its default buffer dropped most of a burst on -i any here, 16 MiB (-B, in KiB) dropped none.
        foreach (string a in new[] { "-s", "INT", "15", "tcpdump", "-i", device, "--immediate-mode", "-B", "16384", "-U", "-n", "-s", snapLength.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", maxPackets.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", path, filter })
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        // tcpdump says "listening on ..." once the capture is armed; only then may traffic start.
        var ready = new TaskCompletionSource();
        var text = new System.Text.StringBuilder();
        _stderr = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                text.AppendLine(line);
                if (line.Contains("listening on", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }

            ready.TrySetResult();
            return text.ToString();
        });
        if (!ready.Task.Wait(TimeSpan.FromSeconds(10)) || _process.HasExited)
        {
            throw new InvalidOperationException("tcpdump did not start: " + text);
        }
    }

    /// <summary>
    /// Waits until the file holds <paramref name="marker"/> (the payload of the traffic's last
    /// packet): with immediate mode and -U every packet before it is then written too.
    /// </summary>
    public void WaitFor(string path, byte[] marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                byte[] bytes = new byte[f.Length];
                f.ReadExactly(bytes);
                if (bytes.AsSpan().IndexOf(marker) >= 0)
                {
                    return;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tcpdump exited before writing the traffic's last packet to {path}");
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"tcpdump did not write the traffic's last packet to {path} within 10 s");
    }

    /// <summary>Stops the capture (SIGINT flushes the file) and returns tcpdump's stderr.</summary>
    public string Stop()
    {
        if (!_process.HasExited)
        {
            // GNU timeout passes SIGINT on to tcpdump, which then writes out what it holds.
            _ = Signals.Kill(_process.Id, Signals.Interrupt);
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }

        return _stderr.Wait(TimeSpan.FromSeconds(5)) ? _stderr.Result : string.Empty;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

/// <summary>POSIX kill(2): .NET can only send SIGKILL, and tcpdump needs SIGINT to flush its file.</summary>
internal static partial class Signals
{
    public const int Interrupt = 2;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
