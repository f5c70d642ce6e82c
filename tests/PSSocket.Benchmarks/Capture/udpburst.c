/* The capture harness's sender: COUNT 64-byte UDP frames (22-byte payloads) to 127.0.0.1:PORT,
   split over PROCS processes, each sending batches of 64 with sendmmsg from its own socket, so
   the syscall cost is paid once a batch and both cores can send. With RATE (datagrams/s, all
   processes together; 0 or absent: as fast as possible) each process waits after a batch until its
   share of the schedule is due. Prints "sent seconds". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static long send_share(int port, long count, double rate)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) != 0) { perror("socket"); return 0; }
    char payload[22] = { 0 };
    struct iovec iov = { payload, sizeof payload };
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) { msgs[i].msg_hdr.msg_iov = &iov; msgs[i].msg_hdr.msg_iovlen = 1; }
    long sent = 0;
    while (sent < count) {
        int n = sendmmsg(fd, msgs, (unsigned)(count - sent < BATCH ? count - sent : BATCH), 0);
        if (n > 0) sent += n;
        else if (n < 0) break; /* ENOBUFS and the like: counted as not sent */
        if (rate > 0) {
            double due = sent / rate;
            struct timespec at = { start.tv_sec + (time_t)due, start.tv_nsec + (long)((due - (time_t)due) * 1e9) };
            if (at.tv_nsec >= 1000000000L) { at.tv_sec++; at.tv_nsec -= 1000000000L; }
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
        }
    }
    close(fd);
    return sent;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: udpburst PORT COUNT PROCS [RATE]\n"); return 2; }
    int port = atoi(argv[1]), procs = atoi(argv[3]);
    double rate = argc > 4 ? atof(argv[4]) : 0;
    long count = atol(argv[2]);
    int pipes[64][2];
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int p = 0; p < procs && p < 64; p++) {
        if (pipe(pipes[p]) != 0) return 1;
        if (fork() == 0) {
            long sent = send_share(port, count / procs + (p < count % procs ? 1 : 0), rate / procs);
            if (write(pipes[p][1], &sent, sizeof sent) != sizeof sent) _exit(1);
            _exit(0);
        }
    }
    long total = 0;
    for (int p = 0; p < procs && p < 64; p++) {
        long sent = 0;
        if (read(pipes[p][0], &sent, sizeof sent) == sizeof sent) total += sent;
        wait(NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%ld %.6f\n", total, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
    return 0;
}
