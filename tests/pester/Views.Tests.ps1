BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'Views show received control characters escaped (#11 item 8)' {
    BeforeAll {
        # An OSC title change, a BEL, a one-byte CSI (C1) and a bidi override: what a hostile peer sends.
        $script:hostile = "hi`e]0;pwned`a`r`n" + [char]0x9b + '2J' + [char]0x202e + 'gnp.exe'
        $script:echo = Start-EchoServer -Protocol Udp
        $script:reply = Send-UdpDatagram -ComputerName 127.0.0.1 -Port $echo.LocalPort -InputObject $hostile -WaitForReply -Timeout 5
    }
    AfterAll { Stop-EchoServer $echo }

    It 'keeps the data itself intact' {
        $reply.Text | Should -BeExactly $hostile
    }

    It 'escapes them in the <View> view at <Width> columns' -TestCases @(
        @{ View = 'table'; Width = 80 }, @{ View = 'table'; Width = 120 }
        @{ View = 'list'; Width = 80 }, @{ View = 'list'; Width = 120 }
    ) {
        $text = if ($View -eq 'table') { $reply | Format-Table | Out-String -Width $Width } else { $reply | Format-List | Out-String -Width $Width }
        $text | Should -Not -Match '[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]' -Because 'only line breaks of the layout may remain'
        ($text -split "`n" | Where-Object { $_ -match '\\e\]0;pwned' }) | Should -Not -BeNullOrEmpty -Because 'the escape is shown, visibly'
        if ($View -eq 'list') { $text | Should -Match ([regex]::Escape('\x07\r\n\x9b2J\x202egnp.exe')) }
    }

    It 'escapes every C0, DEL and C1 character through the one helper' {
        $all = -join ((0..0x1f) + 0x7f + (0x80..0x9f) | ForEach-Object { [char]$_ })
        $shown = [PSSocket.Infrastructure.DisplayText]::Escape($all)
        $shown | Should -Not -Match '[\x00-\x1f\x7f-\x9f]'
        $shown | Should -BeLike '\x00\x01*\t\n\x0b\x0c\r*\e*\x7f\x80*\x9f'
        [PSSocket.Infrastructure.DisplayText]::Shorten('abcdefghij', 6) | Should -Be 'abc...'
        [PSSocket.Infrastructure.DisplayText]::Escape('plain text') | Should -BeExactly 'plain text'
    }
}
