using System.Management.Automation;
using PSSocket.Core.Sockets;

namespace PSSocket.Infrastructure;

/// <summary>
/// What the socket cmdlets share across calls in one session: the running echo servers. Removing
/// the module stops them, so no server outlives the cmdlets that could stop it.
/// </summary>
public sealed class SocketSession : IModuleAssemblyCleanup
{
    internal static EchoServerRegistry EchoServers { get; } = new();

    public void OnRemove(PSModuleInfo psModuleInfo) => EchoServers.StopAllAsync().GetAwaiter().GetResult();
}
