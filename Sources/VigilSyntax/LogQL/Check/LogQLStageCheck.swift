import VigilCore
import VigilTemplate

/// What Loki checks when it builds a pipeline stage (its parser builds
/// them, so these are parse errors): regexes compile, patterns, JSON paths
/// and IP patterns parse, templates parse, names are valid. Messages follow
/// Loki's, including the `stage '...' : ` prefix where Loki adds it.
enum LogQLStageCheck {
    static func check(_ filter: LineFilter, failure: (String) -> ParseError) throws(ParseError) {
        func stageError(_ message: String) -> ParseError {
            failure("stage '\(filter.description)' : \(message)")
        }
        let operands = [filter.operand] + filter.alternatives
        // Loki ignores `ip(...)` inside `or` chains and matches the text instead.
        if filter.alternatives.isEmpty, filter.operand.isIP {
            guard filter.operation == .contains || filter.operation == .notContains else {
                throw stageError("ip: invalid operation")
            }
            do {
                _ = try IPPattern.parse(filter.operand.value)
            } catch {
                throw stageError(error.message)
            }
            return
        }
        switch filter.operation {
        case .matches, .notMatches:
            for operand in operands {
                do {
                    _ = try RE2Regex(operand.value)
                } catch {
                    throw stageError(error.description)
                }
            }
        case .pattern, .notPattern:
            for operand in operands {
                do {
                    _ = try LogPattern.parseLineFilter(operand.value)
                } catch {
                    throw stageError(error.message)
                }
            }
        case .contains, .notContains:
            break
        }
    }

    static func check(_ stage: PipelineStage, failure: (String) -> ParseError) throws(ParseError) {
        func stageError(_ message: String) -> ParseError {
            failure("stage '\(stage.description)' : \(message)")
        }
        switch stage {
        case .lineFilter(let filter):
            try check(filter, failure: failure)
        case .json(let extractions):
            for extraction in extractions {
                do {
                    _ = try JSONPathExpression.parse(extraction.expression)
                } catch {
                    throw stageError("cannot parse expression [\(extraction.expression)]: \(error.message)")
                }
                if !GoString.isLegacyLabelName(extraction.label) {
                    throw stageError("invalid extracted label name '\(extraction.label)'")
                }
            }
        case .logfmt(let parser):
            for extraction in parser.extractions {
                if LogfmtKeyExpression.parse(extraction.expression) == nil {
                    throw stageError("cannot parse expression [\(extraction.expression)]: syntax error")
                }
                if !GoString.isLegacyLabelName(extraction.label) {
                    throw stageError("invalid extracted label name '\(extraction.label)'")
                }
            }
        case .regexp(let pattern):
            let regex: RE2Regex
            do {
                regex = try RE2Regex(pattern)
            } catch {
                throw failure("invalid regexp parser: \(error.description)")
            }
            var seen = Set<String>()
            for case let name? in regex.groupNames {
                if !GoString.isLegacyLabelName(name) {
                    throw failure("invalid regexp parser: invalid extracted label name '\(name)'")
                }
                if !seen.insert(name).inserted {
                    throw failure("invalid regexp parser: duplicate extracted label name '\(name)'")
                }
            }
            if seen.isEmpty { throw failure("invalid regexp parser: at least one named capture must be supplied") }
        case .pattern(let text):
            let pattern: LogPattern
            do {
                pattern = try LogPattern.parseExtraction(text)
            } catch {
                throw failure("invalid pattern parser: \(error.message)")
            }
            for name in pattern.captureNames where !GoString.isLegacyLabelName(name) {
                throw failure("invalid pattern parser: invalid capture label name '\(name)'")
            }
        case .lineFormat(let template):
            do {
                _ = try LokiTemplate(lineFormat: template)
            } catch {
                throw stageError(error.message)
            }
        case .labelFormat(let operations):
            var seen = Set<String>()
            for operation in operations {
                if operation.destination == "__error__" { throw stageError("__error__ cannot be formatted") }
                if !seen.insert(operation.destination).inserted {
                    throw stageError("multiple label name '\(operation.destination)' not allowed in a single format operation")
                }
            }
            for case .template(let destination, let template) in operations {
                do {
                    _ = try LokiTemplate(labelFormat: destination, text: template)
                } catch {
                    throw stageError(error.message)
                }
            }
        case .labelFilter(let filter):
            // Loki checks the pattern only when the whole filter is an `ip(...)` one.
            if case .ip(_, _, let pattern) = filter {
                do {
                    _ = try IPPattern.parse(pattern)
                } catch {
                    throw stageError(error.message)
                }
            }
        case .unpack, .decolorize, .drop, .keep:
            break
        }
    }
}

/// The key of a `| logfmt label="key"` extraction: one identifier, as
/// Loki's `logfmt` expression grammar reads it (surrounding blanks allowed).
public enum LogfmtKeyExpression {
    public static func parse(_ text: String) -> String? {
        let trimmed = text.trimmingBlanks()
        guard let first = trimmed.unicodeScalars.first,
              (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") || first == "_",
              trimmed.unicodeScalars.allSatisfy({
                  ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
              })
        else { return nil }
        return trimmed
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    func trimmingBlanks() -> String {
        let blanks: Set<Unicode.Scalar> = [" ", "\t", "\n"]
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, blanks.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, blanks.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
