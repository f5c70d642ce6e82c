using System.Reflection;
using System.Text.RegularExpressions;

namespace PSSocket.Tests;

/// <summary>
/// Every public parameter of every cmdlet is exercised at the cmdlet level: some Pester file names
/// it (or one of its aliases) on a line that calls the cmdlet, or pipes into the cmdlet where the
/// parameter takes pipeline input. An engine test of the same behaviour does not count: binding,
/// validation and conversion happen in the cmdlet.
/// </summary>
public sealed class ParameterCoverageTests : IDisposable
{
    /// <summary>
    /// Parameters PowerShell itself defines the behaviour of, not the cmdlet: -WhatIf and -Confirm
    /// come from SupportsShouldProcess and are not properties, so nothing is exempt today. An entry
    /// here needs a reason.
    /// </summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.OrdinalIgnoreCase);

    private readonly ModuleMetadata _module = ModuleMetadata.Load();

    public void Dispose() => _module.Dispose();

    [Fact]
    public void Every_cmdlet_parameter_is_named_in_a_Pester_test()
    {
        string[] lines = [.. Directory.GetFiles(Repo.Of("tests", "pester"), "*.ps1").SelectMany(File.ReadLines)];
        Assert.True(lines.Length > 100, "tests/pester holds almost nothing: the parameter check would pass vacuously");
        var missing = new List<string>();
        foreach (CmdletMetadata cmdlet in _module.CmdletTypes())
        {
            var calls = lines.Where(l => l.Contains(cmdlet.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            foreach (var (property, attributes) in cmdlet.Parameters())
            {
                string key = $"{cmdlet.Name} -{property.Name}";
                if (Exempt.ContainsKey(key))
                {
                    continue;
                }

                var names = new[] { property.Name }.Concat(Aliases(property)).ToList();
                bool named = calls.Any(l => names.Any(n => Regex.IsMatch(l, $@"(?<![\w-])-{Regex.Escape(n)}(?![\w-])", RegexOptions.IgnoreCase)));
                bool piped = attributes.Any(TakesPipelineInput)
                    && calls.Any(l => Regex.IsMatch(l, $@"\|\s*{Regex.Escape(cmdlet.Name)}(?![\w-])", RegexOptions.IgnoreCase));
                if (!named && !piped)
                {
                    missing.Add(key);
                }
            }
        }

        Assert.True(missing.Count == 0, "Parameters no Pester test uses (name them in a test of the cmdlet):\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_exemption_names_a_real_parameter()
    {
        var real = _module.CmdletTypes().SelectMany(c => c.Parameters().Select(p => $"{c.Name} -{p.Property.Name}")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(Exempt.Keys, k => Assert.Contains(k, real));
    }

    private static IEnumerable<string> Aliases(PropertyInfo property) =>
        property.GetCustomAttributesData()
            .Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)arg.Value!]);

    private static bool TakesPipelineInput(CustomAttributeData parameter) =>
        parameter.NamedArguments.Any(n => n.MemberName is "ValueFromPipeline" && n.TypedValue.Value is true);
}
