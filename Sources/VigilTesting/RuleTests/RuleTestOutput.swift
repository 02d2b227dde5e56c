/// The text `vigil test rules` prints, in promtool's layout: for each file
/// `Unit Testing:  FILE` on stdout, then `  SUCCESS` on stdout or
/// `  FAILED:` and each failure on stderr (each followed by an empty line on
/// stdout), then an empty line on stdout.
public enum RuleTestOutput {
    public enum Stream: Sendable, Equatable {
        case standardOutput
        case standardError
    }

    /// The writes in order. With `details` false, failures are exactly
    /// promtool's text; with it, Vigil's diff, hints and timelines follow.
    public static func writes(for reports: [RuleTestFileReport], details: Bool = true) -> [(Stream, String)] {
        var writes: [(Stream, String)] = []
        for report in reports {
            writes.append((.standardOutput, "Unit Testing:  \(report.path)\n"))
            for warning in report.warnings { writes.append((.standardError, warning + "\n")) }
            for group in report.groups {
                for line in group.debugLines { writes.append((.standardError, line + "\n")) }
            }
            let failures = report.failures
            if failures.isEmpty {
                writes.append((.standardOutput, "  SUCCESS\n"))
            } else {
                writes.append((.standardError, "  FAILED:\n"))
                for failure in failures {
                    writes.append((.standardError, (details ? failure.fullText : failure.message) + "\n"))
                    writes.append((.standardOutput, "\n"))
                }
            }
            writes.append((.standardOutput, "\n"))
        }
        return writes
    }
}

/// promtool's `--junit` report (Prometheus's `util/junitxml`): a suite per
/// file, a case per test group run, a failure per problem; problems that
/// stopped the whole file are an `error` of a case named `unknown`.
public enum JUnitReport {
    /// - Parameter timestamp: the suites' `timestamp` attribute, as promtool
    ///   writes the local time: `2006-01-02T15:04:05`.
    public static func xml(for reports: [RuleTestFileReport], timestamp: String) -> String {
        var out = "<testsuites>"
        for report in reports {
            var cases: [(name: String, failures: [String], error: String?)] = report.groups.map {
                ($0.reportName, $0.failures.map(\.fullText), nil)
            }
            if !report.fileErrors.isEmpty {
                if cases.isEmpty { cases.append(("unknown", [], nil)) }
                cases[cases.count - 1].error = report.fileErrors.joined(separator: "\n")
            }
            let failures = cases.reduce(0) { $0 + $1.failures.count }
            out += "<testsuite name=\"\(escape(report.path))\" tests=\"\(cases.count)\" failures=\"\(failures)\""
                + " errors=\"\(report.fileErrors.isEmpty ? 0 : 1)\" skipped=\"0\""
                + " timestamp=\"\(report.file == nil ? "" : escape(timestamp))\">"
            for testCase in cases {
                out += "<testcase name=\"\(escape(testCase.name))\">"
                for failure in testCase.failures { out += "<failure>\(escape(failure))</failure>" }
                if let error = testCase.error { out += "<error>\(escape(error))</error>" }
                out += "</testcase>"
            }
            out += "</testsuite>"
        }
        return out + "</testsuites>"
    }

    /// Go's `xml.EscapeText`: markup characters and line breaks as
    /// character references, characters XML cannot hold as U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t": out += "&#x9;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && value <= 0xD7FF || value >= 0xE000 && value <= 0xFFFD
                    || value >= 0x10000 && value <= 0x10FFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
