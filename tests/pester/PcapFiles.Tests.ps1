# Export-Pcap and Import-Pcap file rules: what happens to a file already at the path, wildcard
# paths, disk full, directories and empty files. Written to a fresh directory per test.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Manifest = $manifest
    $script:packet = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 1000 -DestinationPort 2000 -Payload 'lab'
}

Describe 'Export-Pcap and a file already there' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-files-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Path $dir | Out-Null
        Push-Location $dir
    }
    AfterEach {
        Pop-Location
        Remove-Item -LiteralPath $dir -Recurse -Force
    }

    It 'does not replace a file that is not a capture without -Force' {
        'IMPORTANT' | Set-Content notes.txt
        { $packet | Export-Pcap -Path ./notes.txt -ErrorAction Stop } | Should -Throw -ErrorId 'NotACaptureFile,PSSocket.Commands.ExportPcapCommand'
        Get-Content notes.txt | Should -Be 'IMPORTANT'
        $packet | Export-Pcap -Path ./notes.txt -Force
        (Import-Pcap ./notes.txt).Payload | Should -Be ([Text.Encoding]::ASCII.GetBytes('lab'))
    }

    It 'replaces an existing capture, and keeps it with -NoClobber' {
        $packet | Export-Pcap -Path ./a.pcapng
        $packet, $packet | Export-Pcap -Path ./a.pcapng
        @(Import-Pcap ./a.pcapng) | Should -HaveCount 2
        $err = { $packet | Export-Pcap -Path ./a.pcapng -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,PSSocket.Commands.ExportPcapCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.TargetObject | Should -Be (Join-Path $dir 'a.pcapng')
        @(Import-Pcap ./a.pcapng) | Should -HaveCount 2
        $packet | Export-Pcap -Path ./new.pcapng -NoClobber
        @(Import-Pcap ./new.pcapng) | Should -HaveCount 1
    }

    It 'appends to a capture in its own format and link type, and refuses what cannot go in' {
        $packet | Export-Pcap -Path ./a.pcap -Format Pcap
        $packet, $packet | Export-Pcap -Path ./a.pcap -Append
        @(Import-Pcap ./a.pcap) | Should -HaveCount 3
        if (Get-Command tshark -ErrorAction SilentlyContinue) {
            (& tshark -r ./a.pcap -T fields -e frame.number 2>$null) | Should -HaveCount 3
            (& capinfos -t ./a.pcap 2>$null | Out-String) | Should -Match 'pcap'
        }
        { $packet | Export-Pcap -Path ./a.pcap -Append -Format PcapNg -ErrorAction Stop } | Should -Throw -ErrorId 'CaptureFormatMismatch,PSSocket.Commands.ExportPcapCommand'
        'not a capture' | Set-Content t.txt
        { $packet | Export-Pcap -Path ./t.txt -Append -ErrorAction Stop } | Should -Throw -ErrorId 'NotACaptureFile,PSSocket.Commands.ExportPcapCommand'
        Get-Content t.txt | Should -Be 'not a capture'
        $packet | Export-Pcap -Path ./fresh.pcapng -Append
        @(Import-Pcap ./fresh.pcapng) | Should -HaveCount 1
    }

    It 'resolves -Path wildcards like Out-File and takes -LiteralPath as written' {
        { $packet | Export-Pcap -Path './star*.pcap' -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,PSSocket.Commands.ExportPcapCommand'
        Get-ChildItem | Should -BeNullOrEmpty
        $packet | Export-Pcap -LiteralPath './star*.pcap'
        (Get-ChildItem).Name | Should -Be 'star*.pcap'
        $packet | Export-Pcap -Path ./one.pcapng
        $packet, $packet | Export-Pcap -Path './on?.pcapng'
        @(Import-Pcap -LiteralPath ./one.pcapng) | Should -HaveCount 2
        $packet | Export-Pcap -Path ./onx.pcapng
        { $packet | Export-Pcap -Path './on?.pcapng' -ErrorAction Stop } | Should -Throw -ErrorId 'PathMatchesSeveralFiles,PSSocket.Commands.ExportPcapCommand'
    }

    It 'names a directory PathIsDirectory, writing and reading' {
        $err = { $packet | Export-Pcap -Path $dir -ErrorAction Stop } | Should -Throw -ErrorId 'PathIsDirectory,PSSocket.Commands.ExportPcapCommand' -PassThru
        $err.TargetObject | Should -Be $dir
        New-Item -ItemType Directory dir.pcap | Out-Null
        Import-Pcap ./dir.pcap -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'PathIsDirectory,PSSocket.Commands.ImportPcapCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'says a 0-byte file is empty' {
        New-Item empty.pcap | Out-Null
        Import-Pcap ./empty.pcap -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'EmptyCaptureFile,PSSocket.Commands.ImportPcapCommand'
        $ev[0].Exception.Message | Should -Match 'empty \(0 bytes\)'
    }

    It 'tells a user whose file name has brackets to use -LiteralPath' {
        $packet | Export-Pcap -LiteralPath './lab[1].pcap'
        Import-Pcap 'lab[1].pcap' -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'CaptureFileNotFound,PSSocket.Commands.ImportPcapCommand'
        $ev[0].Exception.Message | Should -Match "-LiteralPath 'lab\[1\]\.pcap'"
        @(Import-Pcap -LiteralPath 'lab[1].pcap') | Should -HaveCount 1
        Get-Checksum -Path 'lab[1].pcap' -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].Exception.Message | Should -Match 'LiteralPath'
    }

    It '-PassThru writes the finished file as Get-Item shows it' {
        $info = $packet | Export-Pcap -Path ./pt.pcapng -PassThru
        $info.Length | Should -Be (Get-Item ./pt.pcapng).Length
        $info.Length | Should -BeGreaterThan 0
        $info.PSPath | Should -Not -BeNullOrEmpty
        ($info | Format-Table | Out-String -Width 80) | Should -Match "\s$($info.Length)\s+pt\.pcapng"
    }
}

Describe 'Export-Pcap when the disk is full' {
    It 'fails with CaptureFileNotWritable naming the path (/dev/full)' -Skip:(-not (Test-Path /dev/full)) {
        $err = { $packet | Export-Pcap -Path /dev/full -ErrorAction Stop } | Should -Throw -ErrorId 'CaptureFileNotWritable,PSSocket.Commands.ExportPcapCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $err.TargetObject | Should -Be '/dev/full'
        Test-Path /dev/full | Should -BeTrue
    }

    It 'leaves no partial file on a full file system, and an appended capture as it was' -Skip:(-not $IsLinux -or (id -u) -ne '0' -or -not (Get-Command unshare -ErrorAction SilentlyContinue)) {
        $mount = Join-Path ([System.IO.Path]::GetTempPath()) "pssocket-full-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory $mount | Out-Null
        $inner = @"
Import-Module '$Manifest'
`$big = New-Packet -Udp -Source 10.0.0.1 -Destination 10.0.0.2 -SourcePort 1 -DestinationPort 2 -Payload ([byte[]]::new(1400))
Set-Location '$mount'
`$big | Export-Pcap ./small.pcap -Format Pcap
`$before = (Get-FileHash ./small.pcap).Hash
try { 1..400 | ForEach-Object { `$big } | Export-Pcap ./new.pcap -ErrorAction Stop } catch { 'NEW=' + `$_.FullyQualifiedErrorId + '|' + `$_.TargetObject }
'NEWEXISTS=' + (Test-Path ./new.pcap)
try { 1..400 | ForEach-Object { `$big } | Export-Pcap ./small.pcap -Append -ErrorAction Stop } catch { 'APPEND=' + `$_.FullyQualifiedErrorId }
'SAME=' + ((Get-FileHash ./small.pcap).Hash -eq `$before)
try { 1..400 | ForEach-Object { `$big } | Export-Pcap ./small.pcap -ErrorAction Stop } catch { 'REPLACE=' + `$_.FullyQualifiedErrorId }
'KEPT=' + ((Get-FileHash ./small.pcap).Hash -eq `$before)
'LEFT=' + ((Get-ChildItem -Force -Name) -join ',')
"@
        try {
            # A 256 KiB file system, private to the child: 400 packets of 1.4 KB do not fit.
            $out = & unshare -m -- sh -c 'mount -t tmpfs -o size=256k tmpfs "$1" && exec "$2" -NoProfile -NonInteractive -Command "$3"' sh $mount (Get-Command pwsh).Source $inner 2>&1 | Out-String
            $out | Should -Match ([regex]::Escape("NEW=CaptureFileNotWritable,PSSocket.Commands.ExportPcapCommand|$mount/new.pcap")) -Because $out
            $out | Should -Match 'NEWEXISTS=False'
            $out | Should -Match 'APPEND=CaptureFileNotWritable'
            $out | Should -Match 'SAME=True'
            $out | Should -Match 'REPLACE=CaptureFileNotWritable'
            $out | Should -Match 'KEPT=True'
            $out | Should -Match 'LEFT=small\.pcap\s'
        }
        finally { Remove-Item -LiteralPath $mount -Recurse -Force }
    }
}
