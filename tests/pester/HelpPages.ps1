# The examples of the help pages (docs/en-US/<Verb-Noun>.md, format in docs/README.md), for tests
# that run them. Dot-source it, in BeforeDiscovery when the examples feed -ForEach.

function Get-HelpPageExample {
    <#
    .SYNOPSIS
        Each example of the given cmdlets' pages (all pages by default), in page order:
        @{ Name; Number; Title; Code; Output; OutputVaries }. Output is the ```output block, or
        the ```output varies block with OutputVaries set, or $null when the page states none.
    #>
    param(
        [string[]] $Name,
        [string] $Folder = (Join-Path $PSScriptRoot '../../docs/en-US')
    )

    $pages = if ($Name) { $Name | ForEach-Object { Join-Path $Folder "$_.md" } } else { (Get-ChildItem $Folder -Filter *.md).FullName }
    foreach ($page in $pages) {
        # A missing page must fail the caller, not quietly give no examples.
        if (-not (Test-Path -LiteralPath $page)) { throw "Help page $page is missing." }
        $inExamples = $false; $example = $null; $fence = $null; $body = $null; $number = 0
        foreach ($line in Get-Content -LiteralPath $page) {
            if ($null -ne $fence) {
                if ($line.TrimEnd() -eq '```') {
                    switch ($fence) {
                        'powershell' { $example.Code = $body -join "`n" }
                        'output' { $example.Output = $body -join "`n" }
                        'output varies' { $example.Output = $body -join "`n"; $example.OutputVaries = $true }
                    }
                    $fence = $null
                }
                else { $body.Add($line) }
                continue
            }
            if ($line -match '^## ') {
                if ($example) { $example; $example = $null }
                $inExamples = $line.TrimEnd() -eq '## EXAMPLES'
                continue
            }
            if (-not $inExamples) { continue }
            if ($line -match '^### (.+)$') {
                if ($example) { $example }
                $number++
                $example = @{ Name = [IO.Path]::GetFileNameWithoutExtension($page); Number = $number; Title = $Matches[1].Trim(); Code = $null; Output = $null; OutputVaries = $false }
                continue
            }
            if ($line -match '^```(.*)$') { $fence = $Matches[1].Trim(); $body = [System.Collections.Generic.List[string]]::new() }
        }
        if ($example) { $example }
    }
}
