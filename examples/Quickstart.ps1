#requires -Version 7.4
<#
.SYNOPSIS
    A tour of PSSocket on loopback: checksums, parity, CRCs, packets and sockets.
.DESCRIPTION
    Run from a built clone:  dotnet build PSSocket.sln -c Release; pwsh -NoProfile -File examples/Quickstart.ps1
    Everything stays on this machine: servers bind 127.0.0.1 on ports the system picks.
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'PSSocket.psd1') -Force

Write-Host '== The Internet checksum of RFC 1071, worked by hand'
$data = [byte[]](0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)
Get-Checksum -InputObject $data -Trace | Format-Table

Write-Host '== The receiver sums data and checksum: a complement of 0 means no error detected'
Test-Checksum -InputObject ([byte[]]($data + 0x22, 0x0d)) | Format-List Valid, Reason

Write-Host '== Parity, as in the course table'
'0000000', '1010001', '1101001', '1111111' | Get-Parity | Format-Table
