using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Parsing;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of cmdlets that take one header or frame per input item: a byte[] (whole with
/// -InputObject or `,$b |`, or unrolled byte by byte through the pipeline) or hex text.
/// </summary>
public abstract class BytesInputCmdlet : PSSocketCmdlet
{
    private readonly PipelineBytes _bytes = new(Hex.Parse);

    /// <summary>The bytes: byte[], numbers 0-255, or hex text such as '45 00 00 28'.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        byte[]? bytes;
        try
        {
            bytes = _bytes.Add(InputObject);
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
            return;
        }

        if (bytes is not null)
        {
            Convert(bytes);
        }
    }

    protected override void EndProcessing()
    {
        if (_bytes.HasLoose)
        {
            Convert(_bytes.TakeLoose());
        }
    }

    /// <summary>Decodes one input's bytes and writes the result.</summary>
    protected abstract void Convert(byte[] bytes);
}
