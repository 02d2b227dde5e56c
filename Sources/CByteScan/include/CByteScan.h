#ifndef VIGIL_CBYTESCAN_H
#define VIGIL_CBYTESCAN_H
#include <stddef.h>

/// glibc's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
const void *vigil_memmem(const void *haystack, size_t haystack_len,
                         const void *needle, size_t needle_len);

/// memchr re-exported so byte scanners need only this module.
const void *vigil_memchr(const void *s, int c, size_t n);

#endif
