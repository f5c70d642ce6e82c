@{
    RootModule           = 'module/PSSocket.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '7d3f5a0e-5c41-4b8e-9f1d-2a6c0b8e4f13'
    Author               = 'PSSocket contributors'
    CompanyName          = 'PSSocket'
    Copyright            = '(c) PSSocket contributors. MIT License.'
    Description          = 'Sockets, raw capture, packet decoding, pcap files, checksums and CRCs as PowerShell objects.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @(
        'module/Analysis.format.ps1xml'
        'module/Capture.format.ps1xml'
        'module/Crc.format.ps1xml'
        'module/Integrity.format.ps1xml'
        'module/Packets.format.ps1xml'
        'module/Sockets.format.ps1xml'
        'module/Host.format.ps1xml'
    )
    CmdletsToExport      = @(
        # Integrity
        'Get-Checksum'
        'Test-Checksum'
        'Get-Parity'
        'Test-Parity'
        # Integrity: CRC
        'Find-CrcModel'
        'Get-Crc'
        'Get-CrcModel'
        'Test-Crc'
        # Packets
        'ConvertFrom-IcmpHeader'
        'ConvertFrom-IPv4Header'
        'ConvertFrom-IPv6Header'
        'ConvertFrom-Packet'
        'ConvertFrom-TcpHeader'
        'ConvertFrom-UdpHeader'
        'Export-Pcap'
        'Import-Pcap'
        'New-Packet'
        # Capture
        'Get-CaptureInterface'
        'Receive-RawPacket'
        'Send-RawPacket'
        # Sockets
        'Close-TcpConnection'
        'Get-EchoServer'
        'Invoke-SocketServer'
        'New-TcpConnection'
        'New-TcpListener'
        'Receive-TcpData'
        'Receive-UdpDatagram'
        'Send-TcpData'
        'Send-UdpDatagram'
        'Start-EchoServer'
        'Stop-EchoServer'
        'Stop-TcpListener'
        'Test-TcpPort'
        'Test-UdpEcho'
        'Wait-TcpConnection'
        # Analysis
        'Get-PacketConversation'
        'Get-PacketField'
        # Host
        'Get-ServicePort'
        'ConvertTo-NetworkOrder'
        'ConvertFrom-NetworkOrder'
        'Get-SocketConnection'
        'Resolve-HostAddress'
        'Wait-Socket'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Socket', 'Network', 'Networking', 'TCP', 'UDP', 'Pcap', 'Pcapng', 'Wireshark', 'Capture', 'Packet', 'Checksum', 'CRC', 'Parity', 'Education', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/pssocket/PSSocket'
            LicenseUri   = 'https://github.com/pssocket/PSSocket/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/pssocket/PSSocket/blob/main/CHANGELOG.md'
        }
    }
}
