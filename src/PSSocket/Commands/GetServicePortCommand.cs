using System.Globalization;
using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">getservbyname/getservbyport: the service names of ports and the ports of service names.</para>
/// The registry is the module's built-in list overlaid by the machine's services file.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ServicePort", DefaultParameterSetName = ByName)]
[OutputType(typeof(ServicePort), ParameterSetName = [ByName, ByPort])]
public sealed class GetServicePortCommand : PSSocketCmdlet
{
    private const string ByName = nameof(ByName);
    private const string ByPort = nameof(ByPort);

    /// <summary>Service names or aliases (wildcards allowed); a number is taken as a port, so `Get-ServicePort 22` works.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = ByName)]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPort)]
    [Alias("LocalPort")]
    [ValidateRange(0, 65535)]
    public int[] Port { get; set; } = [];

    // Not from the pipeline: a property bound in both parameter sets would make PowerShell keep the
    // ByName set and coerce a piped object to a name instead of taking its Port.
    [Parameter]
    [ValidateSet("Tcp", "Udp", "Sctp", "Ddp", IgnoreCase = true)]
    public string? Protocol { get; set; }

    protected override void ProcessRecord()
    {
        ServiceRegistry registry = ServiceRegistry.System;
        if (ParameterSetName == ByPort)
        {
            foreach (int port in Port)
            {
                WriteFound(registry.ByPort(port, Protocol), port);
            }

            return;
        }

        if (Name is null)
        {
            WriteObject(registry.All.Where(s => Protocol is null || s.Protocol.Equals(Protocol, StringComparison.OrdinalIgnoreCase)), enumerateCollection: true);
            return;
        }

        foreach (string name in Name)
        {
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                if (port > 65535)
                {
                    WriteFault(new PSSocketException("PortOutOfRange", FaultCategory.InvalidArgument, name, $"{name} is not a port (0-65535)."));
                    continue;
                }

                WriteFound(registry.ByPort(port, Protocol), name);
            }
            else if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                WriteObject(registry.All.Where(s => (Protocol is null || s.Protocol.Equals(Protocol, StringComparison.OrdinalIgnoreCase))
                    && (pattern.IsMatch(s.Name) || s.Aliases.Any(pattern.IsMatch))), enumerateCollection: true);
            }
            else
            {
                WriteFound(registry.ByName(name, Protocol), name);
            }
        }
    }

    private void WriteFound(IEnumerable<ServicePort> found, object asked)
    {
        bool any = false;
        foreach (ServicePort service in found)
        {
            any = true;
            WriteObject(service);
        }

        if (!any)
        {
            string protocol = Protocol is null ? string.Empty : " for " + Protocol.ToLowerInvariant();
            WriteFault(new PSSocketException("ServiceNotFound", FaultCategory.ObjectNotFound, asked,
                $"No service is registered for '{asked}'{protocol} (built-in list and the machine's services file)."));
        }
    }
}
