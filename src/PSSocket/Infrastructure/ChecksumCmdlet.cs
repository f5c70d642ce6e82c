using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;

namespace PSSocket.Infrastructure;

/// <summary>What Get-Checksum and Test-Checksum share: -Algorithm, -Trace, and files read with progress.</summary>
public abstract class ChecksumCmdlet : DataInputCmdlet
{
    private const int ProgressActivityId = 0x0C5C;

    [Parameter]
    public ChecksumAlgorithm Algorithm { get; set; } = ChecksumAlgorithm.Internet;

    /// <summary>Emit each 16-bit addition and end-around carry before the result (Internet checksum).</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Trace { get; set; }

    protected override void BeginProcessing()
    {
        if (Trace && Algorithm != ChecksumAlgorithm.Internet)
        {
            ThrowFault(new PSSocketException("TraceNeedsInternetChecksum", FaultCategory.InvalidArgument, Algorithm,
                "-Trace shows the 16-bit additions of the Internet checksum; use it with -Algorithm Internet."));
        }

        base.BeginProcessing();
    }

    /// <summary>The checksum of a file, with Write-Progress when it takes a while.</summary>
    protected ChecksumResult ComputeFile(string path)
    {
        var progress = new FileProgress(this, ProgressActivityId, MyInvocation.MyCommand.Name, path);
        var result = Checksums.ComputeFile(path, Algorithm, progress.Report, StopToken);
        progress.Complete();
        return result;
    }

    /// <summary>The checksum of one input, after its -Trace steps.</summary>
    protected ChecksumResult ComputeData(byte[] data)
    {
        if (Trace)
        {
            WriteObject(ChecksumTrace.Steps(data), enumerateCollection: true);
        }

        return Checksums.Compute(data, Algorithm);
    }
}
