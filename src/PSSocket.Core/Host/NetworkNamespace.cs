using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace PSSocket.Core.Host;

/// <summary>
/// Runs work inside a named network namespace (the ones `ip netns add` makes, /run/netns/&lt;name&gt;).
/// </summary>
/// <remarks>
/// setns(2) moves only the calling thread, so the work runs on a thread of its own that enters the
/// namespace and then ends: a pool thread moved into a namespace would carry it into unrelated
/// work. What the work creates there (a socket, a read of /proc/thread-self/net) stays bound to the
/// namespace after the thread is gone, so a capture socket opened here can be read from any thread.
/// </remarks>
internal static partial class NetworkNamespace
{
    /// <summary>Where iproute2 keeps the named namespaces.</summary>
    public const string RunDirectory = "/run/netns";

    private const int CloneNewNet = 0x40000000;
    private const int OpenReadOnlyCloseOnExec = 0x80000;
    private const int Enoent = 2;
    private const int Eperm = 1;
    private const int Eacces = 13;

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread inside namespace <paramref name="name"/> and returns its result.
    /// Faults: InvalidNetworkNamespaceName, NetworkNamespaceNotFound, NetworkNamespacePermissionDenied,
    /// NetworkNamespaceNotSupported, NetworkNamespaceEnterFailed; the work's own faults pass through.
    /// </summary>
    public static T Run<T>(string name, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!OperatingSystem.IsLinux())
        {
            throw new PSSocketException("NetworkNamespaceNotSupported", FaultCategory.NotImplemented, name,
                $"Network namespaces are a Linux feature; this is {RuntimeInformation.OSDescription}.");
        }

        string path = PathOf(name);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name, path);
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = "PSSocket netns " + name };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>/run/netns/&lt;name&gt;, for a plain name only: a path or ".." would open some other file as a namespace.</summary>
    internal static string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new PSSocketException("InvalidNetworkNamespaceName", FaultCategory.InvalidArgument, name,
                $"'{name}' is not a network namespace name: give a name as `ip netns list` shows it (no '/').");
        }

        return Path.Combine(RunDirectory, name);
    }

    private static void Enter(string name, string path)
    {
        int fd = Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == Enoent
                ? new PSSocketException("NetworkNamespaceNotFound", FaultCategory.ObjectNotFound, name,
                    $"There is no network namespace '{name}' ({path} does not exist). `ip netns list` shows the ones there are; `ip netns add {name}` makes one.")
                : Failure(name, "open " + path, errno);
        }

        try
        {
            if (SetNs(fd, CloneNewNet) != 0)
            {
                throw Failure(name, "setns", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static PSSocketException Failure(string name, string what, int errno) => errno is Eperm or Eacces
        ? new PSSocketException("NetworkNamespacePermissionDenied", FaultCategory.PermissionDenied, name,
            $"Entering network namespace '{name}' needs root (CAP_SYS_ADMIN); {what} was refused: {Marshal.GetPInvokeErrorMessage(errno)}.")
        : new PSSocketException("NetworkNamespaceEnterFailed", FaultCategory.ResourceUnavailable, name,
            string.Create(CultureInfo.InvariantCulture, $"Entering network namespace '{name}' failed at {what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})."));

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
