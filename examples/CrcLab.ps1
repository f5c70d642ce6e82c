# The course's CRC lab, end to end: long division by hand, the same CRC from a catalogue model,
# a codeword checked at the receiver, a flipped bit caught, and an unknown CRC identified.
# Run from a built clone: pwsh -NoProfile -File examples/CrcLab.ps1
Import-Module (Join-Path $PSScriptRoot '..' 'PSSocket.psd1') -Force

# 1. Sender: divide the message by the generator x^4 + x + 1 and show each XOR step.
Get-Crc -Bits 110101111 -Divisor 10011 -Trace | Format-Table
$division = Get-Crc -Bits 110101111 -Divisor 10011
"Transmit $($division.Codeword) (message $($division.Bits), CRC $($division.Remainder))"

# 2. Receiver: the codeword divides with remainder zero; a flipped bit does not.
"Received intact: remainder $((Get-Crc -Bits $division.Codeword -Divisor 10011).Remainder)"
$damaged = $division.Codeword.Substring(0, 3) + '0' + $division.Codeword.Substring(4)
"Received damaged ($damaged): remainder $((Get-Crc -Bits $damaged -Divisor 10011).Remainder)"

# 3. The same arithmetic on bytes under standard models.
Get-Crc -InputObject '123456789' -Model CRC-32, CRC-32C, CRC-16/ARC, CRC-CCITT, CRC-64/XZ

# 4. A frame with its CRC-32 appended (little-endian, as Ethernet sends it) leaves the residue.
$frame = [Text.Encoding]::ASCII.GetBytes('123456789')
$crc = [uint32](Get-Crc -InputObject $frame).Value
$codeword = [byte[]]($frame + [BitConverter]::GetBytes($crc))
Test-Crc -Codeword $codeword -Model CRC-32
$codeword[2] = $codeword[2] -bxor 0x04
Test-Crc -Codeword $codeword -Model CRC-32

# 5. Which CRC does a device use? Two captured samples are enough to name it.
@{ Data = '123456789'; Crc = '4B37' }, @{ Data = 'hello'; Crc = '34F6' } | Find-CrcModel
