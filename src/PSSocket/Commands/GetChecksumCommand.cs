using System.Management.Automation;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Computes the Internet checksum (RFC 1071), Fletcher-16/32 or Adler-32 of bytes, text or files.</summary>
[Cmdlet(VerbsCommon.Get, "Checksum", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(ChecksumResult), ParameterSetName = [InputObjectSet, PathSet, LiteralPathSet])]
[OutputType(typeof(ChecksumTraceStep), ParameterSetName = [InputObjectSet])]
public sealed class GetChecksumCommand : DataInputCmdlet
{
    [Parameter]
    public ChecksumAlgorithm Algorithm { get; set; } = ChecksumAlgorithm.Internet;

    /// <summary>Emit each 16-bit addition and end-around carry before the result (Internet checksum).</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Trace { get; set; }

    protected override void BeginProcessing()
    {
        ChecksumArguments.RequireTraceable(this, Trace, Algorithm);
        base.BeginProcessing();
    }

    protected override void ProcessFile(string path) => WriteObject(ComputeFile(path));

    private ChecksumResult ComputeFile(string path)
    {
        var progress = new FileProgress(this, ChecksumArguments.ProgressActivityId, "Get-Checksum", path);
        var result = Checksums.ComputeFile(path, Algorithm, progress.Report, StopToken);
        progress.Complete();
        return result;
    }

    protected override void ProcessData(byte[] data)
    {
        ChecksumArguments.WriteTrace(this, Trace, data);
        WriteObject(Checksums.Compute(data, Algorithm));
    }
}
