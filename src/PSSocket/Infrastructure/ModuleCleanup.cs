using System.Management.Automation;

namespace PSSocket.Infrastructure;

/// <summary>
/// The module's remove hook: Remove-Module stops the running echo servers, so no server outlives
/// the cmdlets that could stop it.
/// </summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    public void OnRemove(PSModuleInfo psModuleInfo) => EchoServers.Running.StopAllAsync().GetAwaiter().GetResult();
}
