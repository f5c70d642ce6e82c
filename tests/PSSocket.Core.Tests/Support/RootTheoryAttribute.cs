namespace PSSocket.Core.Tests.Support;

/// <summary>A theory that needs root (raw sockets, network namespaces); skipped with the reason otherwise.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root (raw sockets / network namespaces); this process is not privileged.";
        }
    }
}
