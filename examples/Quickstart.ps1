#requires -Version 7.4
<#
.SYNOPSIS
    A tour of PSSocket on loopback: checksums, parity, CRCs, packets and sockets.
.DESCRIPTION
    Run from a built clone:  dotnet tool restore; dotnet build PSSocket.sln -c Release; dotnet pwsh -NoProfile -File examples/Quickstart.ps1
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

Write-Host '== CRCs: the course long division, then catalogue models over bytes'
Get-Crc -Bits 110101111 -Divisor 10011 | Format-List Remainder, Codeword
Get-Crc -InputObject '123456789' -Model CRC-32, CRC-32C, CRC-16/ARC | Format-Table

Write-Host '== Packets: build a TCP SYN, save it for Wireshark, read it back'
$capture = Join-Path ([IO.Path]::GetTempPath()) "pssocket-quickstart-$PID.pcapng"
New-Packet -Tcp -Source 127.0.0.1 -Destination 127.0.0.1 -SourcePort 40000 -DestinationPort 59000 -Flags Syn |
    Export-Pcap -Path $capture -Comment 'built by the quickstart'
Import-Pcap -Path $capture | Format-Table
ConvertFrom-IPv4Header '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c' | Format-List Version, TotalLength, Ttl, ProtocolName, ChecksumStatus, SourceAddress, DestinationAddress
Remove-Item $capture

Write-Host '== Sockets: a UDP echo server that upper-cases, pinged five times'
$echo = Start-EchoServer -Protocol Udp -Port 0 -Transform Upper
try {
    Test-UdpEcho -ComputerName 127.0.0.1 -Port $echo.LocalPort -Count 5 -Timeout 1 -InputObject 'ping' | Format-Table
}
finally {
    Stop-EchoServer $echo
}

Write-Host '== TCP: connect, send a line, read the echo, close'
$tcp = Start-EchoServer -Protocol Tcp -Port 0
try {
    $connection = New-TcpConnection -ComputerName 127.0.0.1 -Port $tcp.LocalPort
    Send-TcpData -Connection $connection -InputObject 'hello over TCP'
    Receive-TcpData -Connection $connection -Line -Timeout 2 | Format-Table
    Close-TcpConnection -Connection $connection
}
finally {
    Stop-EchoServer $tcp
}
