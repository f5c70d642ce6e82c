using System.Collections.ObjectModel;
using System.Reflection;

namespace HelpGen;

/// <summary>How one parameter takes part in one parameter set.</summary>
internal sealed record SetUsage(int? Position, bool Mandatory, bool ByValue, bool ByPropertyName);

/// <summary>A cmdlet parameter as PowerShell's binder sees it.</summary>
internal sealed record CmdletParameter(
    string Name,
    string SyntaxType,
    string FullType,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    bool Globbing,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyDictionary<string, SetUsage> Sets);

/// <summary>One syntax line: the parameters of a set in the order PowerShell displays them.</summary>
internal sealed record SyntaxLine(string SetName, IReadOnlyList<(CmdletParameter Parameter, SetUsage Usage)> Parameters);

internal sealed record CmdletDescription(
    string Name,
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    IReadOnlyList<CmdletParameter> Parameters,
    IReadOnlyList<SyntaxLine> Syntax);

/// <summary>
/// Reads cmdlets from a compiled assembly without running it, following the rules PowerShell's
/// parameter binder and <c>Get-Command -Syntax</c> use, so the help cannot disagree with them.
/// </summary>
internal static class CmdletReader
{
    private const string Sma = "System.Management.Automation.";
    private const string AllSets = "__AllParameterSets";

    // PowerShell prints a parameter's type by its built-in type accelerator when it has one
    // (TypeAccelerators.FindBuiltinAccelerator), else by the type's name without namespace.
    private static readonly Dictionary<string, string> Accelerators = new(StringComparer.Ordinal)
    {
        ["System.Array"] = "array",
        ["System.Boolean"] = "bool",
        ["System.Byte"] = "byte",
        ["System.Char"] = "char",
        ["System.Collections.Hashtable"] = "hashtable",
        ["System.Collections.Specialized.OrderedDictionary"] = "ordered",
        ["System.DateTime"] = "datetime",
        ["System.Decimal"] = "decimal",
        ["System.Double"] = "double",
        ["System.Globalization.CultureInfo"] = "cultureinfo",
        ["System.Guid"] = "guid",
        ["System.Int16"] = "short",
        ["System.Int32"] = "int",
        ["System.Int64"] = "long",
        ["System.Management.Automation.PSCredential"] = "pscredential",
        ["System.Management.Automation.PSObject"] = "psobject",
        ["System.Management.Automation.PSReference"] = "ref",
        ["System.Management.Automation.ScriptBlock"] = "scriptblock",
        ["System.Management.Automation.SemanticVersion"] = "semver",
        ["System.Net.IPAddress"] = "ipaddress",
        ["System.Net.IPEndPoint"] = "IPEndpoint",
        ["System.Net.Mail.MailAddress"] = "mailaddress",
        ["System.Numerics.BigInteger"] = "bigint",
        ["System.SByte"] = "sbyte",
        ["System.Security.SecureString"] = "securestring",
        ["System.Single"] = "float",
        ["System.String"] = "string",
        ["System.Text.RegularExpressions.Regex"] = "regex",
        ["System.TimeSpan"] = "timespan",
        ["System.Type"] = "type",
        ["System.UInt16"] = "ushort",
        ["System.UInt32"] = "uint",
        ["System.UInt64"] = "ulong",
        ["System.Uri"] = "uri",
        ["System.Version"] = "version",
        ["System.Xml.XmlDocument"] = "xml",
    };

    public static IReadOnlyList<CmdletDescription> Read(Assembly assembly) =>
        assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute")))
            .Where(x => x.Attribute is not null && x.Type.IsPublic && !x.Type.IsAbstract)
            .Select(x => Describe(x.Type, x.Attribute!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    private static CmdletDescription Describe(Type type, CustomAttributeData cmdlet)
    {
        string verb = (string)cmdlet.ConstructorArguments[0].Value!;
        string noun = (string)cmdlet.ConstructorArguments[1].Value!;
        string? defaultSet = Named<string>(cmdlet, "DefaultParameterSetName");
        bool shouldProcess = Named<bool>(cmdlet, "SupportsShouldProcess");

        // Reflection order (the most derived class's properties first) is the order the binder
        // registers parameters in, and so the order of set names and of named parameters.
        var parameters = new List<CmdletParameter>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributesData();
            var parameterAttributes = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute").ToList();
            if (parameterAttributes.Count == 0 || parameterAttributes.Any(a => Named<bool>(a, "DontShow")))
            {
                continue;
            }

            var sets = new Dictionary<string, SetUsage>(StringComparer.Ordinal);
            foreach (var a in parameterAttributes)
            {
                int position = Named<int?>(a, "Position") ?? int.MinValue;
                sets[Named<string>(a, "ParameterSetName") ?? AllSets] = new SetUsage(
                    position == int.MinValue ? null : position,
                    Named<bool>(a, "Mandatory"),
                    Named<bool>(a, "ValueFromPipeline"),
                    Named<bool>(a, "ValueFromPipelineByPropertyName"));
            }

            Type parameterType = property.PropertyType;
            parameters.Add(new CmdletParameter(
                property.Name,
                SyntaxTypeName(parameterType),
                parameterType.FullName ?? parameterType.Name,
                parameterType.FullName == Sma + "SwitchParameter",
                Strings(attributes, "AliasAttribute"),
                attributes.Any(a => a.AttributeType.FullName == Sma + "SupportsWildcardsAttribute"),
                AcceptedValues(attributes, parameterType),
                sets));
        }

        var setNames = new List<string>();
        if (!string.IsNullOrEmpty(defaultSet))
        {
            setNames.Add(defaultSet);
        }

        setNames.AddRange(parameters.SelectMany(p => p.Sets.Keys).Where(s => s != AllSets).Distinct(StringComparer.Ordinal).Where(s => !setNames.Contains(s)));
        if (!parameters.SelectMany(p => p.Sets.Keys).Any(s => s != AllSets))
        {
            setNames = [AllSets];
        }
        else if (defaultSet is not null && !parameters.Any(p => p.Sets.ContainsKey(defaultSet)))
        {
            // A default set no parameter names still shows as a syntax line of the shared parameters.
            setNames.Remove(defaultSet);
            setNames.Insert(0, defaultSet);
        }

        var syntax = setNames.Select(set => Line(set, parameters)).ToList();
        return new CmdletDescription(verb + "-" + noun, verb, noun, shouldProcess, parameters, syntax);
    }

    private static SyntaxLine Line(string set, List<CmdletParameter> parameters)
    {
        var members = parameters
            .Select(p => (Parameter: p, Usage: p.Sets.TryGetValue(set, out var u) ? u : p.Sets.GetValueOrDefault(AllSets)))
            .Where(x => x.Usage is not null)
            .Select(x => (x.Parameter, Usage: x.Usage!))
            .ToList();

        // Get-Command -Syntax: positional parameters by position, then named mandatory, then
        // named optional, each group in registration order (the sorts are stable).
        var ordered = members.Where(m => m.Usage.Position is not null).OrderBy(m => m.Usage.Position)
            .Concat(members.Where(m => m.Usage.Position is null && m.Usage.Mandatory))
            .Concat(members.Where(m => m.Usage.Position is null && !m.Usage.Mandatory))
            .ToList();
        return new SyntaxLine(set, ordered);
    }

    private static string SyntaxTypeName(Type type)
    {
        if (type.IsArray)
        {
            return SyntaxTypeName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            return SyntaxTypeName(type.GetGenericArguments()[0]);
        }

        if (type.IsGenericType)
        {
            string name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "[" + string.Join(",", type.GetGenericArguments().Select(SyntaxTypeName)) + "]";
        }

        return type.FullName is { } full && Accelerators.TryGetValue(full, out string? accelerator) ? accelerator : type.Name;
    }

    private static List<string> AcceptedValues(IList<CustomAttributeData> attributes, Type type)
    {
        var set = Strings(attributes, "ValidateSetAttribute");
        if (set.Count > 0)
        {
            return set;
        }

        Type element = type.IsArray ? type.GetElementType()! : type;
        if (element.IsGenericType && element.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            element = element.GetGenericArguments()[0];
        }

        return element.IsEnum
            ? element.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name).ToList()
            : [];
    }

    private static List<string> Strings(IList<CustomAttributeData> attributes, string attributeName) =>
        attributes.Where(a => a.AttributeType.FullName == Sma + attributeName)
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is ReadOnlyCollection<CustomAttributeTypedArgument> values ? values.Select(v => (string)v.Value!) : [(string)arg.Value!])
            .ToList();

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                return (T?)argument.TypedValue.Value;
            }
        }

        return default;
    }
}
