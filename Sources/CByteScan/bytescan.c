#define _GNU_SOURCE
#include <string.h>
#include "CByteScan.h"

const void *vigil_memmem(const void *haystack, size_t haystack_len,
                         const void *needle, size_t needle_len) {
    return memmem(haystack, haystack_len, needle, needle_len);
}

const void *vigil_memchr(const void *s, int c, size_t n) {
    return memchr(s, c, n);
}
