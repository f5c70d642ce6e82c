/* The RFC 1071 section 4.1 loop as a C programmer writes it, for gcc -O3 -march=native to
   vectorise: the reference point the managed kernel is compared with. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

uint16_t rfc1071_checksum(const uint8_t *data, size_t count)
{
    uint64_t sum = 0;
    size_t i = 0;
    for (; i + 1 < count; i += 2) {
        uint16_t word;
        memcpy(&word, data + i, 2);
        sum += word;
    }
    if (i < count)
        sum += data[i];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Reads every byte once: the memory bandwidth one core gets, for the 256 MiB ratio. */
uint64_t read_bandwidth_probe(const uint64_t *data, size_t words)
{
    uint64_t x = 0;
    for (size_t i = 0; i < words; i++)
        x ^= data[i];
    return x;
}
