using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">htons/htonl/inet_aton: a number or IP address in host and network byte order, with the hex.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "NetworkOrder", DefaultParameterSetName = ByValue)]
[OutputType(typeof(ByteOrderValue), ParameterSetName = [ByValue, ByAddress])]
public sealed class ConvertToNetworkOrderCommand : PSSocketCmdlet
{
    private const string ByValue = nameof(ByValue);
    private const string ByAddress = nameof(ByAddress);

    /// <summary>Unsigned numbers; PowerShell's hex literals (0x4E21) work.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByValue)]
    public ulong[] Value { get; set; } = [];

    /// <summary>16, 32 or 64 bits; by default the smallest that holds the value.</summary>
    [Parameter(ParameterSetName = ByValue)]
    [ValidateSet("16", "32", "64")]
    public int Size { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByAddress)]
    [Alias("Address")]
    public IPAddress[] IPAddress { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByAddress)
        {
            foreach (IPAddress address in IPAddress)
            {
                WriteObject(ByteOrder.FromAddress(address));
            }

            return;
        }

        foreach (ulong value in Value)
        {
            try
            {
                WriteObject(ByteOrder.FromValue(value, Size == 0 ? ByteOrder.SizeFor(value) : Size));
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }
}
