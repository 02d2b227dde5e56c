#ifndef VIGIL_CRE2_H
#define VIGIL_CRE2_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque compiled RE2 program.
typedef struct vigil_re2 vigil_re2;

/// Compile options (bit flags).
enum {
    VIGIL_RE2_CASE_INSENSITIVE = 1 << 0,
    VIGIL_RE2_DOT_NL           = 1 << 1,  /* `.` also matches `\n` (Go's (?s)) */
    VIGIL_RE2_LITERAL          = 1 << 2,  /* pattern is a literal string */
    VIGIL_RE2_LONGEST_MATCH    = 1 << 3,  /* POSIX leftmost-longest instead of leftmost-first */
    VIGIL_RE2_LATIN1           = 1 << 4   /* bytes are Latin-1, not UTF-8 */
};

/// Anchoring of a match.
enum {
    VIGIL_RE2_UNANCHORED  = 0,
    VIGIL_RE2_ANCHOR_START = 1,
    VIGIL_RE2_ANCHOR_BOTH  = 2
};

/// Compiles `pattern` (not NUL-terminated). On failure returns NULL and, when
/// `error_out` is non-NULL, stores a malloc'ed NUL-terminated message there
/// (release it with `vigil_re2_free_error`).
vigil_re2 *vigil_re2_compile(const char *pattern, size_t pattern_len, int flags,
                             char **error_out);
void vigil_re2_free(vigil_re2 *re);
void vigil_re2_free_error(char *error);

/// Number of capturing groups (not counting the whole match).
int vigil_re2_group_count(const vigil_re2 *re);

/// Name of capturing group `index` (1-based), or NULL if unnamed. The pointer
/// lives as long as `re`.
const char *vigil_re2_group_name(const vigil_re2 *re, int index);

/// 1 if `text` matches with the given anchoring, else 0. No captures are
/// computed, which lets RE2 use its fastest engine.
int vigil_re2_match(const vigil_re2 *re, const char *text, size_t text_len,
                    int anchor);

/// Matches starting the search at byte `start_pos` of `text` and fills
/// `spans[2*i]`, `spans[2*i+1]` with the byte range of group i (group 0 is the
/// whole match) for i < `span_groups`; unset groups get -1, -1.
/// Returns 1 on a match, 0 otherwise.
int vigil_re2_match_spans(const vigil_re2 *re, const char *text,
                          size_t text_len, size_t start_pos, int anchor,
                          int64_t *spans, int span_groups);

#ifdef __cplusplus
}
#endif
#endif
