namespace PSSocket.TestSupport;

/// <summary>
/// Whether the programs a test drives (tcpdump, tshark, ping, ...) are on PATH, and whether a
/// missing one may skip the test: CI sets PSSOCKET_REQUIRE_PEERS=1 so it can never pass by skipping.
/// </summary>
public static class Peers
{
    public const string RequireVariable = "PSSOCKET_REQUIRE_PEERS";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>The reason a test cannot run here, or null when every program is present.</summary>
    public static string? Missing(IEnumerable<string> programs)
    {
        string[] missing = [.. programs.Where(p => !Exists(p))];
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)}, not found on PATH (see README \"Test peers\")";
    }
}

/// <summary>What a test needs and, when something is missing, whether that skips or fails it.</summary>
internal sealed class Requirement(Func<string?> findMissing, Func<bool> needsRoot)
{
    private readonly Lazy<(string? Skip, string? Failure)> _outcome = new(() =>
    {
        // Root-only tests skip wherever they run unprivileged, switch or not (CI runs as root).
        if (needsRoot() && !Environment.IsPrivilegedProcess)
        {
            return ("Needs root (raw sockets / network namespaces); this process is not privileged.", null);
        }

        string? missing = findMissing();
        return missing is null ? (null, null)
            : Peers.Required ? (null, $"{Peers.RequireVariable}=1 and this test {missing}.")
            : ($"Skipped: this test {missing}.", null);
    });

    public string? Skip => _outcome.Value.Skip;

    public string? Failure => _outcome.Value.Failure;
}
