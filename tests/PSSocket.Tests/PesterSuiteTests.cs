using System.Reflection;
using Xunit.Abstractions;

namespace PSSocket.Tests;

/// <summary>
/// Runs tests/pester in a fresh `dotnet pwsh -NoProfile` (the PowerShell pinned in
/// .config/dotnet-tools.json) with the Pester package the build restored, against the staged module.
/// </summary>
public sealed class PesterSuiteTests(ITestOutputHelper output)
{
    // A floor well under the suite's size: a file that silently stops contributing tests drops the count.
    private const int MinimumTests = 150;

    [PesterFact]
    public void The_pester_suite_passes()
    {
        string results = Repo.Of("out", "pester-results.xml");
        string script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{PesterFactAttribute.PesterManifest}}'
            $c = New-PesterConfiguration
            $c.Run.Path = '{{Repo.Of("tests", "pester")}}'
            $c.Run.PassThru = $true
            $c.Output.Verbosity = 'Detailed'
            $c.TestResult.Enabled = $true
            $c.TestResult.OutputPath = '{{results}}'
            $r = Invoke-Pester -Configuration $c
            "PESTER: $($r.PassedCount) passed, $($r.FailedCount) failed, $($r.SkippedCount) skipped, $($r.FailedContainersCount) containers failed, result $($r.Result)"
            if ($r.Result -ne 'Passed' -or $r.FailedCount -gt 0 -or $r.FailedContainersCount -gt 0) { exit 1 }
            if ($r.PassedCount -lt {{MinimumTests}}) { "PESTER: only $($r.PassedCount) tests passed, fewer than {{MinimumTests}}"; exit 2 }
            exit 0
            """;
        var (exit, text) = PesterFactAttribute.Run(["-NoProfile", "-NonInteractive", "-Command", script], ("PSSOCKET_TEST_MANIFEST", StageModuleUnderTest()));
        output.WriteLine(text);
        Assert.True(exit == 0, $"Pester failed (exit {exit}):\n{text}");
    }

    /// <summary>
    /// A copy of the staged module whose net10.0 assemblies are the ones beside these tests: the
    /// same build, instrumented when the run collects coverage, so the cmdlets' coverage counts
    /// what Pester drives.
    /// </summary>
    private static string StageModuleUnderTest()
    {
        string version = Manifest.Load().Scalar("ModuleVersion");
        string staged = Repo.Of("out", "PSSocket", version);
        string copy = Repo.Of("out", "pester-module", "PSSocket", version);
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        foreach (string file in Directory.EnumerateFiles(staged, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(staged, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        foreach (string assembly in new[] { "PSSocket.dll", "PSSocket.Core.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, assembly), Path.Combine(copy, "net10.0", assembly), overwrite: true);
        }

        return Path.Combine(copy, "PSSocket.psd1");
    }
}

/// <summary>
/// Skips, with the reason, where the pinned pwsh tool or the Pester package has not been restored;
/// fails instead under PSSOCKET_REQUIRE_PEERS=1, so CI cannot pass without running Pester.
/// </summary>
public sealed class PesterFactAttribute : PeerFactAttribute
{
    internal static string PesterManifest { get; } = typeof(PesterFactAttribute).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value!;

    protected override string? FindMissing()
    {
        if (!File.Exists(PesterManifest))
        {
            return $"needs Pester, which was not restored ({PesterManifest} is missing): the Pester suite was NOT run";
        }

        var (exit, text) = Run(["-NoProfile", "-NonInteractive", "-Command", "exit 0"]);
        return exit == 0 ? null : $"needs `dotnet pwsh`, which does not start (run `dotnet tool restore`): the Pester suite was NOT run. {text}";
    }

    internal static (int Exit, string Output) Run(string[] arguments, params (string Name, string Value)[] environment)
    {
        try
        {
            var (exit, stdout, stderr) = Peer.Run("dotnet", ["pwsh", .. arguments], TimeSpan.FromMinutes(30), environment.ToDictionary(e => e.Name, e => e.Value), Repo.Root);
            return (exit, stdout + stderr);
        }
        catch (TimeoutException)
        {
            return (-1, "(pwsh timed out after 30 minutes)");
        }
    }
}
