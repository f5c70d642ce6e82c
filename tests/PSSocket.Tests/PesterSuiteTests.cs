using System.Diagnostics;
using Xunit.Abstractions;

namespace PSSocket.Tests;

/// <summary>
/// Runs tests/pester in a fresh `pwsh -NoProfile` against the staged module when pwsh and
/// Pester 5 are on this machine; otherwise skips and says so.
/// </summary>
public sealed class PesterSuiteTests(ITestOutputHelper output)
{
    [PesterFact]
    public void The_pester_suite_passes()
    {
        string results = Repo.Of("out", "pester-results.xml");
        string script = $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module Pester -MinimumVersion 5.0
            $c = New-PesterConfiguration
            $c.Run.Path = '{{Repo.Of("tests", "pester")}}'
            $c.Run.PassThru = $true
            $c.Output.Verbosity = 'Detailed'
            $c.TestResult.Enabled = $true
            $c.TestResult.OutputPath = '{{results}}'
            $r = Invoke-Pester -Configuration $c
            "PESTER: $($r.PassedCount) passed, $($r.FailedCount) failed, $($r.SkippedCount) skipped"
            exit $r.FailedCount
            """;
        var (exit, text) = PesterFactAttribute.Run("-NoProfile", "-NonInteractive", "-Command", script);
        output.WriteLine(text);
        Assert.True(exit == 0, $"Pester failed (exit {exit}):\n{text}");
    }
}

/// <summary>Skips, with the reason, where pwsh or Pester 5 is missing.</summary>
public sealed class PesterFactAttribute : FactAttribute
{
    public PesterFactAttribute()
    {
        string? pwsh = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "pwsh"))
            .FirstOrDefault(File.Exists);
        if (pwsh is null)
        {
            Skip = "pwsh is not on PATH: the Pester suite (tests/pester) was NOT run on this machine.";
            return;
        }

        var (exit, _) = Run("-NoProfile", "-NonInteractive", "-Command", "if (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0') { exit 0 } else { exit 3 }");
        if (exit != 0)
        {
            Skip = "Pester 5 is not installed for pwsh: the Pester suite (tests/pester) was NOT run on this machine.";
        }
    }

    internal static (int Exit, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("pwsh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout + "\n(pwsh timed out after 30 minutes)");
        }

        return (process.ExitCode, stdout + stderr.Result);
    }
}
