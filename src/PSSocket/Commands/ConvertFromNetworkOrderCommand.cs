using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Core.Parsing;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">ntohs/ntohl/inet_ntoa: network-order bytes, or an integer as a program read it off the wire, back to the value or address.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "NetworkOrder", DefaultParameterSetName = ByBytes)]
[OutputType(typeof(ByteOrderValue), ParameterSetName = [ByBytes, ByValue])]
public sealed class ConvertFromNetworkOrderCommand : PSSocketCmdlet
{
    private const string ByBytes = nameof(ByBytes);
    private const string ByValue = nameof(ByValue);

    private readonly PipelineBytes _bytes = new(Hex.Parse);

    /// <summary>
    /// The bytes in network order: byte[], hex text ('7F 00 00 01'), or an object of
    /// ConvertTo-NetworkOrder (its NetworkOrder bytes are used).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByBytes)]
    public object? InputObject { get; set; }

    /// <summary>What htons/htonl gave, or what a C program holds after copying a network field into an integer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByValue)]
    public ulong Value { get; set; }

    [Parameter(ParameterSetName = ByValue)]
    [ValidateSet("16", "32", "64")]
    public int Size { get; set; }

    /// <summary>Read 4 bytes (or a 32-bit value) as an IPv4 address and 16 bytes as IPv6, like inet_ntoa/inet_ntop.</summary>
    [Parameter]
    public SwitchParameter AsIPAddress { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            if (ParameterSetName == ByValue)
            {
                int size = Size != 0 ? Size : AsIPAddress ? 32 : ByteOrder.SizeFor(Value);
                WriteObject(ByteOrder.FromReceivedValue(Value, size, AsIPAddress));
                return;
            }

            if (NetworkOrderOf(InputObject) is { } piped)
            {
                WriteObject(ByteOrder.FromNetworkBytes(piped.Bytes, AsIPAddress || piped.WasAddress));
            }
            else if (_bytes.Add(InputObject) is { } bytes)
            {
                WriteObject(ByteOrder.FromNetworkBytes(bytes, AsIPAddress));
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    protected override void EndProcessing()
    {
        if (_bytes.HasLoose)
        {
            try
            {
                WriteObject(ByteOrder.FromNetworkBytes(_bytes.TakeLoose(), AsIPAddress));
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }

    /// <summary>
    /// A ByteOrderValue, live or deserialized (Import-Clixml, a job), reaches [object] InputObject
    /// before any by-property-name binding, so its NetworkOrder bytes are taken here.
    /// </summary>
    private static (byte[] Bytes, bool WasAddress)? NetworkOrderOf(object? item)
    {
        if (item is PSObject { BaseObject: ByteOrderValue live })
        {
            return (live.NetworkOrder, live.Address is not null);
        }

        if (item is PSObject ps && ps.Properties["NetworkOrder"]?.Value is { } network && ps.Properties["Size"] is not null)
        {
            byte[]? bytes = LanguagePrimitives.TryConvertTo(network, out byte[] converted) ? converted : null;
            return bytes is null ? null : (bytes, ps.Properties["Address"]?.Value is string);
        }

        return null;
    }
}
