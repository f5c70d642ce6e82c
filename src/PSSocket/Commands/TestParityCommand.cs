using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Checks codewords (data bits followed by a parity bit) for even or odd parity.</summary>
[Cmdlet(VerbsDiagnostic.Test, "Parity")]
[OutputType(typeof(ParityTestResult))]
public sealed class TestParityCommand : PSSocketCmdlet
{
    /// <summary>Codewords such as 10100011: the last bit is the parity bit.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("EvenCodeword")]
    [AllowEmptyString]
    public string[] Codeword { get; set; } = [];

    [Parameter(Position = 1)]
    public ParityType Parity { get; set; } = ParityType.Even;

    protected override void ProcessRecord()
    {
        foreach (string codeword in Codeword)
        {
            try
            {
                WriteObject(Core.Integrity.Parity.Test(codeword, Parity));
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }
}
