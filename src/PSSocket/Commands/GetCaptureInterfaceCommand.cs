using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Capture;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Lists the interfaces Receive-RawPacket can capture on ("any" first), with what their frames look like.</summary>
[Cmdlet(VerbsCommon.Get, "CaptureInterface")]
[OutputType(typeof(CaptureInterface))]
public sealed class GetCaptureInterfaceCommand : PSSocketCmdlet
{
    /// <summary>Interface names; wildcards allowed. All when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CaptureInterfaceCompleter))]
    [Alias("Interface")]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<CaptureInterface> all;
        try
        {
            all = CaptureInterfaces.List();
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        if (Name is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }

        foreach (string name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var found = all.Where(i => pattern.IsMatch(i.Name)).ToList();
            if (found.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteFault(new PSSocketException("CaptureInterfaceNotFound", FaultCategory.ObjectNotFound, name,
                    $"There is no interface '{name}'. Interfaces here: {string.Join(", ", all.Select(i => i.Name))}."));
            }

            WriteObject(found, enumerateCollection: true);
        }
    }
}
