using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Even and odd parity bits, and the codewords they make, of bit strings or of each byte.</summary>
[Cmdlet(VerbsCommon.Get, "Parity", DefaultParameterSetName = BitsSet)]
[OutputType(typeof(ParityResult))]
public sealed class GetParityCommand : PSSocketCmdlet
{
    private const string BitsSet = "Bits";
    private const string InputObjectSet = "InputObject";

    /// <summary>Bit strings such as 1010001; spaces and underscores may separate bits.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BitsSet)]
    [AllowEmptyString]
    public string[] Bits { get; set; } = [];

    /// <summary>Bytes or text: one result per byte.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet)]
    [AllowEmptyString]
    public object InputObject { get; set; } = null!;

    [Parameter(ParameterSetName = InputObjectSet)]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == BitsSet)
        {
            foreach (string bits in Bits)
            {
                try
                {
                    WriteObject(Parity.OfBits(bits));
                }
                catch (PSSocketException fault)
                {
                    WriteFault(fault);
                }
            }

            return;
        }

        try
        {
            var bytes = new PipelineBytes(TextEncodings.Get(Encoding).GetBytes);
            byte[] data = bytes.Add(InputObject) ?? bytes.TakeLoose();
            if (data.Length == 0)
            {
                // One result per byte would be no output at all: say why instead.
                WriteError(Errors.Create(new ArgumentException("The input has no bytes, so there is no byte to give a parity bit. Give text or bytes, or a bit string with -Bits."),
                    "EmptyInput", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            foreach (byte b in data)
            {
                WriteObject(Parity.OfByte(b));
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }
}
