BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'Get-Crc' {
    BeforeAll {
        $check = [byte[]](0x31..0x39)
        $dir = Join-Path $TestDrive 'crc'
        New-Item -ItemType Directory -Path $dir | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $dir 'check.bin'), $check)
        [IO.File]::WriteAllBytes((Join-Path $dir 'empty.bin'), [byte[]]@())
        $big = [byte[]]::new(3MB)
        [IO.File]::WriteAllBytes((Join-Path $dir 'zeros.bin'), $big)
    }

    It 'computes CRC-32 of text by default' {
        $r = Get-Crc -InputObject '123456789'
        $r.Model | Should -Be 'CRC-32/ISO-HDLC'
        $r.Hex | Should -Be 'CBF43926'
        $r.Value | Should -Be ([uint64]0xCBF43926u)
        $r.Value | Should -BeOfType [uint64]
        $r.Width | Should -Be 32
        $r.Length | Should -Be 9
        $r.Source | Should -Be 'InputObject'
    }

    It 'resolves aliases and short names, one result per model' {
        $r = Get-Crc '123456789' -Model CRC-32C, CRC-16, crc-ccitt, CRC-64/XZ
        $r.Model | Should -Be @('CRC-32/ISCSI', 'CRC-16/ARC', 'CRC-16/KERMIT', 'CRC-64/XZ')
        $r.Hex | Should -Be @('E3069283', 'BB3D', '2189', '995DC9BBDF1939FA')
    }

    It 'gives every catalogue model its check value' {
        foreach ($m in Get-CrcModel) {
            (Get-Crc '123456789' -Model $m.Name).Hex | Should -Be $m.Check.Substring(2) -Because $m.Name
        }
    }

    It 'returns a BigInteger for the 82-bit model' {
        $r = Get-Crc '123456789' -Model CRC-82/DARC
        $r.Hex | Should -Be '09EA83F625023801FD612'
        $r.Value | Should -BeOfType [System.Numerics.BigInteger]
    }

    It 'collects a piped byte[] into one input' {
        $r = @($check | Get-Crc)
        $r.Count | Should -Be 1
        $r[0].Hex | Should -Be 'CBF43926'
        $r[0].Length | Should -Be 9
    }

    It 'takes a byte[] passed whole' {
        (, $check | Get-Crc -Model CRC-16/XMODEM).Hex | Should -Be '31C3'
        (Get-Crc -InputObject $check -Model CRC-16/XMODEM).Hex | Should -Be '31C3'
    }

    It 'encodes text with -Encoding' {
        (Get-Crc -InputObject 'é' -Encoding Latin1).Hex | Should -Be (Get-Crc -InputObject ([byte[]]@(0xE9))).Hex
        (Get-Crc -InputObject 'é').Hex | Should -Be (Get-Crc -InputObject ([byte[]]@(0xC3, 0xA9))).Hex
    }

    It 'computes the CRC of empty input' {
        (Get-Crc -InputObject '').Hex | Should -Be '00000000'
        (Get-Crc -InputObject '' -Model CRC-16/IBM-3740).Hex | Should -Be 'FFFF'
    }

    It 'accepts custom parameters, naming a catalogue model when they match one' {
        $r = Get-Crc '123456789' -Width 16 -Polynomial 0x8005 -Init 0xFFFF -ReflectIn -ReflectOut
        $r.Model | Should -Be 'CRC-16/MODBUS'
        $r.Hex | Should -Be '4B37'
        # PowerShell reads 0xFFFFFFFF as -1; it is taken as the 32-bit pattern.
        (Get-Crc '123456789' -Width 32 -Polynomial 0x04C11DB7 -Init 0xFFFFFFFF -XorOut 0xFFFFFFFF -ReflectIn -ReflectOut).Hex | Should -Be 'CBF43926'
        (Get-Crc '123456789' -Width 16 -Polynomial '1021' -Init 'FFFF' -ReflectIn).Model | Should -Be 'CRC-16/CUSTOM'
    }

    It 'reads files from Get-ChildItem through the pipeline' {
        $r = Get-ChildItem -Path $dir -File | Sort-Object Name | Get-Crc
        $r.Source | Should -Be @((Join-Path $dir 'check.bin'), (Join-Path $dir 'empty.bin'), (Join-Path $dir 'zeros.bin'))
        $r[0].Hex | Should -Be 'CBF43926'
        $r[1].Hex | Should -Be '00000000'
        $r[2].Length | Should -Be 3MB
        $r[2].Hex | Should -Be '79724FC6' # python3 zlib.crc32 of 3 MiB of zeros
    }

    It 'binds -LiteralPath by property name' {
        $r = [pscustomobject]@{ PSPath = (Join-Path $dir 'check.bin') } | Get-Crc -Model CRC-32C
        $r.Hex | Should -Be 'E3069283'
    }

    It 'expands wildcards in -Path and takes -LiteralPath as is' {
        (Get-Crc -Path (Join-Path $dir 'che*.bin')).Hex | Should -Be 'CBF43926'
        (Get-Crc -LiteralPath (Join-Path $dir 'check.bin') -Model CRC-32C).Hex | Should -Be 'E3069283'
    }

    It 'reports a missing file as PathNotFound and goes on' {
        $missing = Join-Path $dir 'missing.bin'
        $r = Get-Crc -LiteralPath $missing, (Join-Path $dir 'check.bin') -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Hex | Should -Be 'CBF43926'
        $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,PSSocket.Commands.GetCrcCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        Get-Crc -Path (Join-Path $dir 'nothing-*.bin'), (Join-Path $dir 'nope.bin') -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2.FullyQualifiedErrorId | Should -Contain 'PathNotFound,PSSocket.Commands.GetCrcCommand'
    }

    It 'reports an unknown model as a non-terminating UnknownCrcModel and runs the others' {
        $r = Get-Crc '123456789' -Model CRC-32, CRC-99/NOPE -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Hex | Should -Be 'CBF43926'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'UnknownCrcModel,PSSocket.Commands.GetCrcCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'CRC-99/NOPE'
    }

    It 'rejects bad custom parameters' {
        { Get-Crc 'a' -Width 0 -Polynomial 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCrcWidth,PSSocket.Commands.GetCrcCommand'
        { Get-Crc 'a' -Width 8 -Polynomial 0x1FF -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCrcParameter,PSSocket.Commands.GetCrcCommand'
        { Get-Crc 'a' -Width 8 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCrcParameter,PSSocket.Commands.GetCrcCommand'
        { Get-Crc 'a' -Model CRC-8 -Width 8 -Polynomial 7 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCrcParameter,PSSocket.Commands.GetCrcCommand'
    }

    It 'divides bit strings the way the course does' {
        $r = Get-Crc -Bits 110101111 -Divisor 10011
        $r.Remainder | Should -Be '1001'
        $r.Codeword | Should -Be '1101011111001'
        $r.Steps.Count | Should -Be 5
    }

    It 'traces each XOR step with -Trace' {
        $out = Get-Crc -Bits 110101111 -Divisor 10011 -Trace
        $steps = $out | Where-Object { $_ -is [PSSocket.Core.Integrity.CrcDivisionStep] }
        $steps.Step | Should -Be @(1, 2, 3, 4, 5)
        $steps.Position | Should -Be @(0, 1, 6, 7, 8)
        $steps.Window | Should -Be @('11010', '10011', '11100', '11110', '11010')
        $steps.Result | Should -Be @('01001', '00000', '01111', '01101', '01001')
        $steps[-1].Dividend | Should -Be '0000000001001'
        $out[-1] | Should -BeOfType [PSSocket.Core.Integrity.CrcDivisionResult]
        $out[-1].Remainder | Should -Be '1001'
    }

    It 'rejects bad bit strings and divisors' {
        Get-Crc -Bits '1102' -Divisor '10011' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidBitString,PSSocket.Commands.GetCrcCommand'
        $err[0].TargetObject | Should -Be '1102'
        Get-Crc -Bits '1101' -Divisor '0011' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDivisor,PSSocket.Commands.GetCrcCommand'
        Get-Crc -Bits 1101 -Divisor 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDivisor,PSSocket.Commands.GetCrcCommand'
    }

    It 'tab-completes model names' {
        $line = 'Get-Crc -Model CRC-32'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'CRC-32/ISCSI'
        $names | Should -Contain 'CRC-32C'
    }
}

Describe 'Test-Crc' {
    It 'compares data with an expected CRC' {
        $r = Test-Crc -InputObject '123456789' -Expected 0xCBF43926u
        $r.Valid | Should -BeTrue
        $r.Method | Should -Be 'Crc'
        $r.Expected | Should -Be 'CBF43926'
        (Test-Crc '123456789' 'cbf43926').Valid | Should -BeTrue
        (Test-Crc '123456789' 0x29B1 -Model CRC-16/IBM-3740).Valid | Should -BeTrue
    }

    It 'says what it got when the CRC differs' {
        $r = Test-Crc -InputObject '123456780' -Expected 0xCBF43926u
        $r.Valid | Should -BeFalse
        $r.Actual | Should -Not -Be 'CBF43926'
    }

    It 'checks piped bytes once they are all in' {
        $r = @([byte[]](0x31..0x39) | Test-Crc -Expected 0xE3069283u -Model CRC-32C)
        $r.Count | Should -Be 1
        $r[0].Valid | Should -BeTrue
    }

    It 'checks a codeword against the residue' {
        $r = Test-Crc -Codeword '31 32 33 34 35 36 37 38 39 26 39 F4 CB' -Model CRC-32
        $r.Valid | Should -BeTrue
        $r.Method | Should -Be 'Residue'
        $r.Expected | Should -Be 'DEBB20E3'
        (Test-Crc -Codeword '31 32 33 34 35 36 37 38 38 26 39 F4 CB' -Model CRC-32).Valid | Should -BeFalse
        (Test-Crc -Codeword ([byte[]](0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x31, 0xC3)) -Model CRC-16/XMODEM).Valid | Should -BeTrue
    }

    It 'reports an unknown model and a short codeword by ErrorId' {
        Test-Crc '1' 0 -Model NOPE -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'UnknownCrcModel,PSSocket.Commands.TestCrcCommand'
        $err[0].TargetObject | Should -Be 'NOPE'
        Test-Crc -Codeword '01' -Model CRC-32 -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Be 'CodewordTooShort,PSSocket.Commands.TestCrcCommand'
        Test-Crc '1' -Expected 'xyz' -ErrorVariable err3 -ErrorAction SilentlyContinue
        $err3[0].FullyQualifiedErrorId | Should -Be 'InvalidCrcParameter,PSSocket.Commands.TestCrcCommand'
    }
}

Describe 'Get-CrcModel' {
    It 'lists the whole catalogue' {
        $all = Get-CrcModel
        $all.Count | Should -Be 113
        ($all.Width | Measure-Object -Minimum -Maximum).Minimum | Should -Be 3
        ($all.Width | Measure-Object -Minimum -Maximum).Maximum | Should -Be 82
        $all[0] | Should -BeOfType [PSSocket.Core.Integrity.CrcModel]
    }

    It 'finds by alias, wildcard and width' {
        $m = Get-CrcModel -Name crc-32c
        $m.Name | Should -Be 'CRC-32/ISCSI'
        $m.Check | Should -Be '0xE3069283'
        $m.Aliases | Should -Contain 'CRC-32C'
        (Get-CrcModel -Name 'CRC-16/*').Count | Should -Be 31
        (Get-CrcModel -Width 8).Count | Should -Be 20
        ('CRC-32', 'CRC-64' | Get-CrcModel).Name | Should -Be @('CRC-32/ISO-HDLC', 'CRC-64/ECMA-182')
    }

    It 'reports an unknown name by ErrorId' {
        Get-CrcModel -Name CRC-33/NOPE -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'UnknownCrcModel,PSSocket.Commands.GetCrcModelCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'CRC-33/NOPE'
        Get-CrcModel -Name 'CRC-33/*' | Should -BeNullOrEmpty
    }
}

Describe 'Find-CrcModel' {
    It 'names the model of a check value' {
        (Find-CrcModel -InputObject '123456789' -Crc 0xCBF43926u).Name | Should -Be 'CRC-32/ISO-HDLC'
    }

    It 'takes samples from the pipeline' {
        $found = @{ Data = '123456789'; Crc = '4B37' }, @{ Data = 'hello'; Crc = '34F6' } | Find-CrcModel -Width 16
        $found.Name | Should -Be 'CRC-16/MODBUS'
    }

    It 'searches custom parameters of a small width' {
        $found = Find-CrcModel -Sample @{ Data = 'abc'; Crc = '0x5F' }, @{ Data = 'abcd'; Crc = '0xA1' } -Width 8 -Custom
        $found.Name | Should -Contain 'CRC-8/SMBUS'
    }

    It 'reports bad samples and a custom search without a width' {
        Find-CrcModel -Sample @{ Data = 'abc' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidCrcSample,PSSocket.Commands.FindCrcModelCommand'
        { Find-CrcModel -InputObject 'abc' -Crc 1 -Custom -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCrcWidth,PSSocket.Commands.FindCrcModelCommand'
    }
}
