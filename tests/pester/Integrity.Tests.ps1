#requires -Modules Pester
# Get-Checksum, Test-Checksum, Get-Parity, Test-Parity: values, pipeline binding, errors, -Trace.

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Rfc1071 = [byte[]](0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)
}

Describe 'Get-Checksum' {
    It 'computes the RFC 1071 example: sum 0xddf2, checksum 0x220d' {
        $r = Get-Checksum -InputObject $Rfc1071
        $r.Value | Should -Be 0x220d
        $r.Hex | Should -Be '220d'
        $r.Sum | Should -Be 0xddf2
        $r.Length | Should -Be 8
        $r.Algorithm | Should -Be 'Internet'
    }

    It 'collects a byte[] unrolled by the pipeline into one result' {
        $r = @($Rfc1071 | Get-Checksum)
        $r.Count | Should -Be 1
        $r[0].Value | Should -Be 0x220d
    }

    It 'takes the object[] of bytes that adding two byte[] makes' {
        (Get-Checksum -InputObject ([byte[]](0x00, 0x01, 0xf2, 0x03) + [byte[]](0xf4, 0xf5, 0xf6, 0xf7))).Value | Should -Be 0x220d
    }

    It 'takes a byte[] passed whole with the unary comma' {
        (, $Rfc1071 | Get-Checksum).Value | Should -Be 0x220d
    }

    It 'gives the known answers for <Algorithm>' -TestCases @(
        @{ Algorithm = 'Fletcher16'; Text = 'abcde'; Expected = 0xC8F0 }
        @{ Algorithm = 'Fletcher32'; Text = 'abcde'; Expected = [uint32]'0xF04FC729' }
        @{ Algorithm = 'Adler32'; Text = 'Wikipedia'; Expected = 0x11E60398 }
    ) {
        param($Algorithm, $Text, $Expected)
        ($Text | Get-Checksum -Algorithm $Algorithm).Value | Should -Be $Expected
    }

    It 'encodes strings with -Encoding' {
        (Get-Checksum -InputObject 'é' -Encoding Latin1).Length | Should -Be 1
        (Get-Checksum -InputObject 'é').Length | Should -Be 2
    }

    It 'emits one result per piped string' {
        $r = 'abcde', 'Wikipedia' | Get-Checksum -Algorithm Adler32
        $r.Count | Should -Be 2
        $r[1].Value | Should -Be 0x11E60398
    }

    It 'reads files by -Path, -LiteralPath and from Get-ChildItem' {
        $file = Join-Path $TestDrive 'data[1].bin'
        [IO.File]::WriteAllBytes($file, $Rfc1071)
        (Get-Checksum -LiteralPath $file).Value | Should -Be 0x220d
        (Get-Checksum -Path (Join-Path $TestDrive 'data`[1`].bin')).Value | Should -Be 0x220d
        $piped = Get-ChildItem -LiteralPath $file | Get-Checksum
        $piped.Value | Should -Be 0x220d
        $piped.Source | Should -Be $file
    }

    It '-Trace shows each addition, its carry and the complement' {
        $steps = Get-Checksum -InputObject $Rfc1071 -Trace
        $trace = $steps | Where-Object { $_ -is [PSSocket.Core.Integrity.ChecksumTraceStep] }
        $trace.Count | Should -Be 5
        $trace[2].Carry | Should -BeTrue
        $trace[2].RawSum | Should -Be 0x1e6f9
        $trace[2].Sum | Should -Be 0xe6fa
        $trace[4].Action | Should -Be 'Complement'
        $trace[4].Sum | Should -Be 0x220d
        $steps[-1] | Should -BeOfType PSSocket.Core.Integrity.ChecksumResult
    }

    It 'refuses -Trace with another algorithm' {
        { Get-Checksum -InputObject 'x' -Algorithm Adler32 -Trace -ErrorAction Stop } |
            Should -Throw -ErrorId 'TraceNeedsInternetChecksum,PSSocket.Commands.GetChecksumCommand'
    }

    It 'reports a missing file without stopping the rest' {
        $good = Join-Path $TestDrive 'good.bin'
        [IO.File]::WriteAllBytes($good, $Rfc1071)
        $missing = Join-Path $TestDrive 'missing.bin'
        $r = Get-Checksum -LiteralPath $missing, $good -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.Value | Should -Be 0x220d
        $errs[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,PSSocket.Commands.GetChecksumCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
    }

    It 'reports input that is not bytes with InvalidInputObject and the input as target' {
        $null = Get-Checksum -InputObject 300 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidInputObject,PSSocket.Commands.GetChecksumCommand'
        $errs[0].TargetObject | Should -Be 300
    }
}

Describe 'Test-Checksum' {
    It 'accepts data that carries its Internet checksum' {
        $r = Test-Checksum -InputObject ([byte[]]($Rfc1071 + 0x22, 0x0d))
        $r.Valid | Should -BeTrue
        $r.Actual | Should -Be 0
    }

    It 'rejects a flipped bit and says why' {
        $bad = [byte[]](0x00, 0x01, 0xe2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7, 0x22, 0x0d)
        $r = Test-Checksum -InputObject $bad
        $r.Valid | Should -BeFalse
        $r.Actual | Should -Be 0x1000
        $r.Reason | Should -Match 'is not 0'
    }

    It 'compares with -Expected written as a hex literal PowerShell reads as negative' {
        ('abcde' | Test-Checksum -Algorithm Fletcher32 -Expected 0xF04FC729).Valid | Should -BeTrue
        ('abcde' | Test-Checksum -Algorithm Fletcher16 -Expected 'c8f1h').Valid | Should -BeFalse
    }

    It 'needs -Expected for Fletcher and Adler' {
        { 'abc' | Test-Checksum -Algorithm Adler32 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExpectedChecksumRequired,PSSocket.Commands.TestChecksumCommand'
    }

    It 'refuses an expected value wider than the checksum' {
        { 'abc' | Test-Checksum -Expected 0x10000 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ExpectedChecksumTooWide,PSSocket.Commands.TestChecksumCommand'
    }

    It '-Trace emits the receiving steps before the result' {
        $out = Test-Checksum -InputObject ([byte[]]($Rfc1071 + 0x22, 0x0d)) -Trace
        $out[-2].Action | Should -Be 'Complement'
        $out[-2].Sum | Should -Be 0
        $out[-1].Valid | Should -BeTrue
    }
}

Describe 'Get-Parity' {
    It 'produces the course table for <Data>' -TestCases @(
        @{ Data = '0000000'; Even = '00000000'; Odd = '00000001' }
        @{ Data = '1010001'; Even = '10100011'; Odd = '10100010' }
        @{ Data = '1101001'; Even = '11010010'; Odd = '11010011' }
        @{ Data = '1111111'; Even = '11111111'; Odd = '11111110' }
    ) {
        param($Data, $Even, $Odd)
        $r = $Data | Get-Parity
        $r.EvenCodeword | Should -Be $Even
        $r.OddCodeword | Should -Be $Odd
    }

    It 'gives one row per byte of -InputObject' {
        $r = Get-Parity -InputObject 'AB' -Encoding Ascii
        $r.Count | Should -Be 2
        $r[0].Data | Should -Be '01000001'
        $r[0].Value | Should -Be 65
    }

    It 'reports a bad bit string and goes on' {
        $r = '10x1', '1' | Get-Parity -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.EvenCodeword | Should -Be '11'
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidBitString,PSSocket.Commands.GetParityCommand'
        $errs[0].TargetObject | Should -Be '10x1'
    }
}

Describe 'Test-Parity' {
    It 'detects a single flipped bit' {
        $r = Test-Parity -Codeword 10100011, 10100111
        $r[0].Valid | Should -BeTrue
        $r[1].Valid | Should -BeFalse
    }

    It 'checks odd parity' {
        (Test-Parity 11111110 -Parity Odd).Valid | Should -BeTrue
    }

    It 'binds the EvenCodeword of Get-Parity output' {
        (Get-Parity 1101001 | Test-Parity).Codeword | Should -Be '11010010'
    }

    It 'reports a codeword without data bits' {
        $null = Test-Parity -Codeword 1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'CodewordTooShort,PSSocket.Commands.TestParityCommand'
    }
}

Describe 'Inputs that used to vanish' {
    It 'reports a piped directory as PathIsDirectory instead of passing over it' {
        $dir = [System.IO.Path]::GetTempPath()
        Get-Item $dir | Get-Checksum -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -Be 'PathIsDirectory,PSSocket.Commands.GetChecksumCommand'
        Get-Item $dir | Get-Crc -ErrorVariable ev2 -ErrorAction SilentlyContinue
        $ev2[0].FullyQualifiedErrorId | Should -Be 'PathIsDirectory,PSSocket.Commands.GetCrcCommand'
    }

    It 'says an empty -InputObject has no byte to give a parity bit' {
        Get-Parity -InputObject '' -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -Be 'EmptyInput,PSSocket.Commands.GetParityCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'One rule for text that may be a number or hex bytes (#12 item 8)' {
    It 'reads a value given as text as hex in Test-Checksum and Test-Crc alike' {
        # The Internet checksum of 'abc' is 0x3b9d; of "\x00\x10" is 0xffef.
        (Test-Checksum -InputObject ([byte[]](0x00, 0x10)) -Expected 'ffef').Valid | Should -BeTrue
        # Fletcher-16 of "abcde" is 0xc8f0 (Wikipedia's worked example).
        foreach ($text in 'c8f0', '0xc8f0', 'C8F0h', 'c8_f0') {
            ('abcde' | Test-Checksum -Algorithm Fletcher16 -Expected $text).Valid | Should -BeTrue -Because "'$text' is hex text"
        }
        ('abcde' | Test-Checksum -Algorithm Fletcher16 -Expected 51440).Valid | Should -BeTrue -Because 'a number keeps its own base'
        # '10' must mean 0x10 in both cmdlets (it meant ten in one and sixteen in the other).
        (Test-Crc '123456789' '10' -Model CRC-8).Expected | Should -Be '10'
        ('abcde' | Test-Checksum -Algorithm Fletcher16 -Expected '10').Expected | Should -Be 16
    }

    It 'refuses text that is not hex with the same words everywhere' {
        { 'abc' | Test-Checksum -Algorithm Fletcher16 -Expected 'xyz' -ErrorAction Stop } | Should -Throw '*is not a number*'
        Test-Crc '1' -Expected 'xyz' -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCrcParameter,*'
    }

    It 'reads hex bytes with -Encoding Hex in the data cmdlets, through the parser the header cmdlets use' {
        $header = '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 0a 63 ac 10 0a 0c'
        (Test-Checksum $header -Encoding Hex).Valid | Should -BeTrue -Because 'the RFC 1071 sum over a header with its checksum is all ones'
        (Test-Checksum $header).Valid | Should -BeFalse -Because 'without -Encoding Hex the text is text, as the about topic says'
        (Get-Crc '31 32 33 34 35 36 37 38 39' -Encoding Hex).Hex | Should -Be (Get-Crc '123456789').Hex
        (ConvertFrom-IPv4Header $header).ChecksumStatus | Should -Be 'Valid'
        { Get-Crc 'zz' -Encoding Hex -ErrorAction Stop } | Should -Throw
    }
}
