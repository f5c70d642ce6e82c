namespace PSSocket.Core.Tests.Support;

/// <summary>A fact that needs root (raw sockets, network namespaces); skipped with the reason otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Needs root (raw sockets / network namespaces); this process is not privileged.";
        }
    }
}
