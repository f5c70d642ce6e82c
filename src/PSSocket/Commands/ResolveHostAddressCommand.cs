using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">gethostbyname, gethostbyaddr and gethostname for scripts: names to addresses, addresses to names, and this host's own name.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Resolve, "HostAddress", DefaultParameterSetName = ByName)]
[OutputType(typeof(HostEntry), ParameterSetName = [ByName, ThisHost])]
public sealed class ResolveHostAddressCommand : CancellableCmdlet
{
    private const string ByName = nameof(ByName);
    private const string ThisHost = nameof(ThisHost);

    /// <summary>Host names to look up, or IP addresses to find the names of.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
    [Alias("ComputerName", "HostName", "Address")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter]
    public IPFamily AddressFamily { get; set; } = IPFamily.Any;

    /// <summary>This host's name (gethostname) and fully qualified name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ThisHost)]
    public SwitchParameter Local { get; set; }

    protected override void ProcessRecord()
    {
        var family = IPFamilies.ToAddressFamily(AddressFamily);
        if (ParameterSetName == ThisHost)
        {
            WriteObject(Wait(NameResolver.LocalAsync(family, StopToken)));
            return;
        }

        foreach (string name in Name)
        {
            try
            {
                WriteObject(NameResolver.ResolveAsync(name, family, StopToken).GetAwaiter().GetResult());
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }
}
