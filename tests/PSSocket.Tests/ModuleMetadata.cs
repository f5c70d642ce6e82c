using System.Reflection;
using System.Runtime.InteropServices;

namespace PSSocket.Tests;

/// <summary>
/// The staged module's assemblies, loaded for inspection only: System.Management.Automation here
/// is the reference assembly from PowerShellStandard.Library, which cannot be executed.
/// </summary>
internal sealed class ModuleMetadata : IDisposable
{
    private const string Sma = "System.Management.Automation";
    private readonly MetadataLoadContext _context;

    private ModuleMetadata()
    {
        string staged = Repo.Of("out", "PSSocket", Manifest.Load().Scalar("ModuleVersion"));
        Assert.True(Directory.Exists(staged), $"The build did not stage the module to {staged}");
        StagedDirectory = staged;

        // The net8.0 build is the contract: it is what PowerShell 7.4 loads, and the net10.0
        // build compiles the same sources.
        string binaries = Path.Combine(staged, "net8.0");
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith(Sma, StringComparison.Ordinal))
            .Append(Path.Combine(AppContext.BaseDirectory, Sma + ".dll"))
            .Concat(Directory.GetFiles(binaries, "*.dll"));
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Cmdlets = _context.LoadFromAssemblyPath(Path.Combine(binaries, "PSSocket.dll"));
        Engine = _context.LoadFromAssemblyPath(Path.Combine(binaries, "PSSocket.Core.dll"));
        Automation = _context.LoadFromAssemblyName(Sma);
    }

    public static ModuleMetadata Load() => new();

    public string StagedDirectory { get; }

    public Assembly Cmdlets { get; }

    public Assembly Engine { get; }

    public Assembly Automation { get; }

    public IEnumerable<CmdletMetadata> CmdletTypes() =>
        Cmdlets.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == Sma + ".CmdletAttribute")))
            .Where(x => x.Attribute is not null)
            .Select(x => new CmdletMetadata(x.Type, (string)x.Attribute!.ConstructorArguments[0].Value!, (string)x.Attribute.ConstructorArguments[1].Value!));

    public IReadOnlySet<string> ApprovedVerbs() =>
        Automation.GetTypes()
            .Where(t => t.IsPublic && t.Namespace == Sma && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    public void Dispose() => _context.Dispose();
}

internal sealed record CmdletMetadata(Type Type, string Verb, string Noun)
{
    private const string AllSets = "__AllParameterSets";

    public string Name => Verb + "-" + Noun;

    public IEnumerable<(PropertyInfo Property, IList<CustomAttributeData> Parameters)> Parameters() =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, (IList<CustomAttributeData>)p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").ToList()))
            .Where(x => x.Item2.Count > 0);

    public IReadOnlySet<string> ParameterSets()
    {
        var sets = Parameters()
            .SelectMany(p => p.Parameters)
            .Select(a => a.NamedArguments.FirstOrDefault(n => n.MemberName == "ParameterSetName").TypedValue.Value as string ?? AllSets)
            .Where(s => s != AllSets)
            .ToHashSet(StringComparer.Ordinal);
        if (sets.Count == 0)
        {
            sets.Add(AllSets);
        }

        return sets;
    }

    public IList<CustomAttributeData> OutputTypes() =>
        Type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute").ToList();
}
