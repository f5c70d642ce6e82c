using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of cmdlets that work on data given as bytes, text or files: -InputObject (piped byte[]
/// unrolled and collected, strings encoded with -Encoding, piped FileInfo read as a file),
/// -Path (wildcards) and -LiteralPath (Get-ChildItem output binds by PSPath).
/// </summary>
public abstract class DataInputCmdlet : CancellableCmdlet
{
    protected const string InputObjectSet = "InputObject";
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    private PipelineBytes? _bytes;

    /// <summary>Bytes, numbers 0-255 or text (encoded with -Encoding). A piped byte[] is one input.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowEmptyString]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(ParameterSetName = InputObjectSet)]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>One whole input: a byte[], a string's bytes, or the bytes piped one by one.</summary>
    protected abstract void ProcessData(byte[] data);

    /// <summary>One resolved file; engine faults it throws are reported per file.</summary>
    protected abstract void ProcessFile(string path);

    protected override void BeginProcessing() => _bytes = new PipelineBytes(TextEncodings.Get(Encoding).GetBytes);

    protected override void ProcessRecord()
    {
        try
        {
            if (ParameterSetName != InputObjectSet)
            {
                foreach (string file in ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet))
                {
                    ProcessFileReportingFaults(file);
                }
            }
            else if (PipelineBytes.FilePathOf(InputObject) is string piped)
            {
                ProcessFileReportingFaults(piped);
            }
            else if (_bytes!.Add(InputObject) is byte[] whole)
            {
                ProcessData(whole);
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    protected override void EndProcessing()
    {
        if (_bytes!.HasLoose)
        {
            ProcessData(_bytes.TakeLoose());
        }
    }

    private void ProcessFileReportingFaults(string file)
    {
        try
        {
            ProcessFile(file);
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }
}
