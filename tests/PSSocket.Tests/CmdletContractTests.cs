using System.Collections.ObjectModel;
using System.Reflection;

namespace PSSocket.Tests;

public sealed class CmdletContractTests : IDisposable
{
    private readonly ModuleMetadata _module = ModuleMetadata.Load();

    public void Dispose() => _module.Dispose();

    [Fact]
    public void The_module_exports_at_least_one_cmdlet() =>
        Assert.NotEmpty(_module.CmdletTypes());

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb()
    {
        var approved = _module.ApprovedVerbs();
        Assert.Contains("Get", approved);
        Assert.All(_module.CmdletTypes(), c => Assert.True(approved.Contains(c.Verb), $"{c.Name}: '{c.Verb}' is not an approved verb"));
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        var manifest = Manifest.Load();
        var exported = manifest.List("CmdletsToExport").Order(StringComparer.Ordinal).ToList();
        var defined = _module.CmdletTypes().Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(defined, exported);
        Assert.Empty(manifest.List("FunctionsToExport"));
        Assert.Empty(manifest.List("VariablesToExport"));
        Assert.Empty(manifest.List("AliasesToExport"));
        Assert.Equal("7.4", manifest.Scalar("PowerShellVersion"));
        Assert.Equal(["Core"], manifest.List("CompatiblePSEditions"));
    }

    [Fact]
    public void Assemblies_carry_the_manifest_version()
    {
        var version = Version.Parse(Manifest.Load().Scalar("ModuleVersion"));
        Assert.Equal(version, Trim(_module.Cmdlets.GetName().Version!));
        Assert.Equal(version, Trim(_module.Engine.GetName().Version!));

        static Version Trim(Version v) => new(v.Major, v.Minor, v.Build);
    }

    [Fact]
    public void Every_cmdlet_declares_an_output_type_for_each_parameter_set()
    {
        Assert.All(_module.CmdletTypes(), c =>
        {
            var outputTypes = c.OutputTypes();
            Assert.True(outputTypes.Count > 0, $"{c.Name} declares no [OutputType]");
            var covered = outputTypes
                .Select(a => a.NamedArguments.FirstOrDefault(n => n.MemberName == "ParameterSetName").TypedValue.Value)
                .ToList();
            if (covered.Any(v => v is null))
            {
                return; // an OutputType without ParameterSetName covers every set
            }

            var named = covered.SelectMany(v => ((ReadOnlyCollection<CustomAttributeTypedArgument>)v!).Select(x => (string)x.Value!)).ToHashSet();
            foreach (string set in c.ParameterSets())
            {
                Assert.True(named.Contains(set), $"{c.Name}: parameter set '{set}' has no [OutputType]");
            }
        });
    }

    [Fact]
    public void Output_types_of_this_module_are_public_sealed_and_have_a_format_view()
    {
        var viewed = FormatFiles.ViewedTypeNames().ToHashSet(StringComparer.Ordinal);
        var ours = _module.CmdletTypes()
            .SelectMany(c => c.OutputTypes())
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => (ReadOnlyCollection<CustomAttributeTypedArgument>)arg.Value!)
            .Select(x => x.Value)
            .OfType<Type>()
            .Where(t => t.Assembly == _module.Cmdlets || t.Assembly == _module.Engine)
            .Distinct();
        Assert.All(ours, t =>
        {
            Assert.True(t.IsPublic, $"{t.FullName} is not public");
            Assert.True(t.IsSealed || t.IsEnum, $"{t.FullName} is not sealed");
            Assert.True(viewed.Contains(t.FullName!), $"{t.FullName} has no view in module/*.format.ps1xml");
        });
    }

    [Fact]
    public void Every_type_a_format_view_names_exists_in_the_module()
    {
        var types = _module.Cmdlets.GetTypes().Concat(_module.Engine.GetTypes())
            .Where(t => t.IsPublic)
            .Select(t => t.FullName!)
            .ToHashSet(StringComparer.Ordinal);
        // A view may also name the Deserialized. form of a type, so copies from jobs and remoting keep it.
        Assert.All(FormatFiles.ViewedTypeNames(), name => Assert.True(types.Contains(name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name["Deserialized.".Length..] : name), $"format view names '{name}', which the module does not define publicly"));
    }

    [Fact]
    public void Manifest_lists_every_format_file_and_each_exists()
    {
        var listed = Manifest.Load().List("FormatsToProcess").Order(StringComparer.Ordinal).ToList();
        var present = Directory.GetFiles(Repo.Of("module"), "*.format.ps1xml")
            .Select(p => "module/" + Path.GetFileName(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(present, listed);
        Assert.All(listed, f => Assert.True(File.Exists(Path.Combine(_module.StagedDirectory, f)), $"{f} was not staged"));
    }

    [Fact]
    public void The_staged_module_has_a_build_for_each_runtime_and_the_loader_the_manifest_names()
    {
        Assert.Equal("module/PSSocket.psm1", Manifest.Load().Scalar("RootModule"));
        Assert.True(File.Exists(Path.Combine(_module.StagedDirectory, "module", "PSSocket.psm1")), "the loader was not staged");
        foreach (string framework in new[] { "net8.0", "net10.0" })
        {
            foreach (string dll in new[] { "PSSocket.dll", "PSSocket.Core.dll" })
            {
                Assert.True(File.Exists(Path.Combine(_module.StagedDirectory, framework, dll)), $"{framework}/{dll} was not staged");
            }
        }

        string loader = File.ReadAllText(Repo.Of("module", "PSSocket.psm1"));
        Assert.Contains("'net10.0'", loader, StringComparison.Ordinal);
        Assert.Contains("'net8.0'", loader, StringComparison.Ordinal);
    }

    [Fact]
    public void Cmdlet_parameters_do_not_reuse_names_of_common_parameters()
    {
        string[] common = ["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm", "ProgressAction"];
        Assert.All(_module.CmdletTypes(), c =>
            Assert.All(c.Parameters(), p => Assert.DoesNotContain(p.Property.Name, common)));
    }

    [Fact]
    public void Cmdlets_that_wait_on_io_are_disposable_so_ctrl_c_releases_their_sockets()
    {
        Assert.All(_module.CmdletTypes().Where(c => InheritsFrom(c.Type, "CancellableCmdlet")), c =>
            Assert.Contains(c.Type.GetInterfaces(), i => i.FullName == "System.IDisposable"));

        static bool InheritsFrom(Type? t, string name)
        {
            for (; t is not null; t = t.BaseType)
            {
                if (t.Name == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
