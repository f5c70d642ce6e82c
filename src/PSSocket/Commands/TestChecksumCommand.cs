using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Verifies data against its checksum: the receiver's steps for the Internet checksum (sum the
/// data including its checksum; valid when the complement is 0), or a comparison with -Expected.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Checksum", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(ChecksumTestResult), ParameterSetName = [InputObjectSet, PathSet, LiteralPathSet])]
[OutputType(typeof(ChecksumTraceStep), ParameterSetName = [InputObjectSet])]
public sealed class TestChecksumCommand : ChecksumCmdlet
{
    /// <summary>The checksum the data should have. Omit it when the data ends with its Internet checksum.</summary>
    [Parameter(Position = 1)]
    [UnsignedArgument]
    public ulong? Expected { get; set; }

    protected override void BeginProcessing()
    {
        if (Expected > (ChecksumResult.Width(Algorithm) == 16 ? ushort.MaxValue : uint.MaxValue))
        {
            ThrowFault(new PSSocketException("ExpectedChecksumTooWide", FaultCategory.InvalidArgument, Expected,
                $"0x{Expected:x} does not fit the {ChecksumResult.Width(Algorithm)} bits of {Algorithm}."));
        }

        if (Expected is null && Algorithm != ChecksumAlgorithm.Internet)
        {
            ThrowFault(new PSSocketException("ExpectedChecksumRequired", FaultCategory.InvalidArgument, Algorithm,
                $"{Algorithm} has no self-checking form here; give the checksum to compare with (-Expected)."));
        }

        base.BeginProcessing();
    }

    protected override void ProcessFile(string path) => WriteObject(Checksums.Test(ComputeFile(path), (uint?)Expected));

    protected override void ProcessData(byte[] data) => WriteObject(Checksums.Test(ComputeData(data), (uint?)Expected));
}
