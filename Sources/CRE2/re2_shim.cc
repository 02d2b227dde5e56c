#include "CRE2.h"

#include <re2/re2.h>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

struct vigil_re2 {
    re2::RE2 *re;
    std::vector<std::string> group_names;  // index 0 unused
};

static char *copy_error(const std::string &message) {
    char *out = static_cast<char *>(std::malloc(message.size() + 1));
    if (out != nullptr) {
        std::memcpy(out, message.data(), message.size());
        out[message.size()] = '\0';
    }
    return out;
}

extern "C" vigil_re2 *vigil_re2_compile(const char *pattern, size_t pattern_len,
                                        int flags, char **error_out) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive((flags & VIGIL_RE2_CASE_INSENSITIVE) == 0);
    options.set_dot_nl((flags & VIGIL_RE2_DOT_NL) != 0);
    options.set_literal((flags & VIGIL_RE2_LITERAL) != 0);
    options.set_longest_match((flags & VIGIL_RE2_LONGEST_MATCH) != 0);
    if (flags & VIGIL_RE2_LATIN1) {
        options.set_encoding(re2::RE2::Options::EncodingLatin1);
    }
    // Go's regexp has no size limit of RE2's default 8 MiB; large
    // alternations of label values are common in dashboards.
    options.set_max_mem(int64_t(64) << 20);

    re2::StringPiece source(pattern_len == 0 ? "" : pattern, pattern_len);
    re2::RE2 *re = new re2::RE2(source, options);
    if (!re->ok()) {
        if (error_out != nullptr) {
            *error_out = copy_error(re->error());
        }
        delete re;
        return nullptr;
    }
    vigil_re2 *handle = new vigil_re2();
    handle->re = re;
    int groups = re->NumberOfCapturingGroups();
    handle->group_names.assign(groups + 1, std::string());
    for (const auto &entry : re->CapturingGroupNames()) {
        if (entry.first >= 0 && entry.first <= groups) {
            handle->group_names[entry.first] = entry.second;
        }
    }
    return handle;
}

extern "C" void vigil_re2_free(vigil_re2 *re) {
    if (re == nullptr) return;
    delete re->re;
    delete re;
}

extern "C" void vigil_re2_free_error(char *error) { std::free(error); }

extern "C" int vigil_re2_group_count(const vigil_re2 *re) {
    return re->re->NumberOfCapturingGroups();
}

extern "C" const char *vigil_re2_group_name(const vigil_re2 *re, int index) {
    if (index <= 0 || index >= static_cast<int>(re->group_names.size())) return nullptr;
    const std::string &name = re->group_names[index];
    return name.empty() ? nullptr : name.c_str();
}

static re2::RE2::Anchor to_anchor(int anchor) {
    switch (anchor) {
        case VIGIL_RE2_ANCHOR_START: return re2::RE2::ANCHOR_START;
        case VIGIL_RE2_ANCHOR_BOTH: return re2::RE2::ANCHOR_BOTH;
        default: return re2::RE2::UNANCHORED;
    }
}

extern "C" int vigil_re2_match(const vigil_re2 *re, const char *text,
                               size_t text_len, int anchor) {
    re2::StringPiece input(text_len == 0 ? "" : text, text_len);
    return re->re->Match(input, 0, text_len, to_anchor(anchor), nullptr, 0) ? 1 : 0;
}

extern "C" int vigil_re2_match_spans(const vigil_re2 *re, const char *text,
                                     size_t text_len, size_t start_pos, int anchor,
                                     int64_t *spans, int span_groups) {
    if (start_pos > text_len) return 0;
    const char *base = text_len == 0 ? "" : text;
    re2::StringPiece input(base, text_len);
    int available = re->re->NumberOfCapturingGroups() + 1;
    int n = span_groups < available ? span_groups : available;
    if (n < 1) n = 1;
    std::vector<re2::StringPiece> groups(static_cast<size_t>(n));
    if (!re->re->Match(input, start_pos, text_len, to_anchor(anchor), groups.data(), n)) {
        return 0;
    }
    for (int i = 0; i < span_groups; i++) {
        if (i < n && groups[i].data() != nullptr) {
            spans[2 * i] = groups[i].data() - base;
            spans[2 * i + 1] = spans[2 * i] + static_cast<int64_t>(groups[i].size());
        } else {
            spans[2 * i] = -1;
            spans[2 * i + 1] = -1;
        }
    }
    return 1;
}
