using System.Collections;
using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">Names the CRC models that produce given (data, CRC) samples.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "CrcModel", DefaultParameterSetName = PairSet)]
[OutputType(typeof(CrcModel))]
public sealed class FindCrcModelCommand : PSSocketCmdlet
{
    private const string PairSet = "Pair";
    private const string SampleSet = "Sample";

    private readonly List<(byte[] Data, UInt128 Crc)> _samples = [];
    private Func<string, byte[]> _fromString = null!;

    /// <summary>The data of one sample: bytes or text.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PairSet)]
    [AllowEmptyString]
    public object InputObject { get; set; } = null!;

    /// <summary>The CRC of -InputObject.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PairSet)]
    public object Crc { get; set; } = null!;

    /// <summary>Samples as hashtables or objects with Data and Crc.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SampleSet)]
    public object[] Sample { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 128)]
    public int Width { get; set; }

    [Parameter]
    public SwitchParameter Custom { get; set; }

    [Parameter]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    protected override void BeginProcessing() => _fromString = TextEncodings.Get(Encoding).GetBytes;

    protected override void ProcessRecord()
    {
        try
        {
            if (ParameterSetName == PairSet)
            {
                _samples.Add((Bytes(InputObject), CrcArguments.Value(Crc, nameof(Crc))));
                return;
            }

            foreach (object sample in Sample)
            {
                _samples.Add((Bytes(Field(sample, "Data")), CrcArguments.Value(Field(sample, "Crc"), nameof(Crc))));
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    protected override void EndProcessing()
    {
        if (_samples.Count == 0)
        {
            return;
        }

        try
        {
            bool widthGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Width));
            WriteObject(CrcModelSearch.Find(_samples, widthGiven ? Width : null, Custom), enumerateCollection: true);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }
    }

    private byte[] Bytes(object? data) =>
        new PipelineBytes(_fromString).Add(data) is { } bytes ? bytes
            : throw new PSSocketException("InvalidCrcSample", FaultCategory.InvalidArgument, data, "A sample's data must be byte[], numbers 0-255 or text.");

    private static object? Field(object sample, string name)
    {
        object value = PipelineValue.Unwrap(sample);
        object? field = value is IDictionary table ? (table.Contains(name) ? table[name] : null)
            : PSObject.AsPSObject(sample).Properties[name]?.Value;
        return field ?? throw new PSSocketException("InvalidCrcSample", FaultCategory.InvalidArgument, sample,
            $"A sample needs a '{name}' key or property: @{{ Data = '123456789'; Crc = 0xCBF43926 }}.");
    }
}
