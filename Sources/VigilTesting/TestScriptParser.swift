import VigilCore
import VigilStorage
import VigilSyntax

/// Reads the test-script language the way Prometheus's `promqltest`
/// does: lines are trimmed, `#` lines are blank, a blank line ends a
/// command's block.
public enum TestScriptParser {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public static func parse(_ text: String, file: String) throws(Failure) -> TestScript {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            let trimmed = raw.trimmingCharacters(in: " \t\r")
            return trimmed.hasPrefix("#") ? "" : trimmed
        }
        var commands: [TestCommand] = []
        var index = 0
        func fail(_ line: Int, _ reason: String) -> Failure { Failure(file: file, line: line + 1, reason: reason) }
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty { index += 1; continue }
            let word = String(line.prefix { $0 != " " && $0 != "\t" }).lowercased()
            if word == "clear" {
                commands.append(.clear(line: index + 1))
                index += 1
            } else if word.hasPrefix("load") {
                let (command, next) = try parseLoad(lines, at: index, fail: fail)
                commands.append(.load(command))
                index = next
            } else if word.hasPrefix("eval") {
                let (command, next) = try parseEval(lines, at: index, fail: fail)
                commands.append(.eval(command))
                index = next
            } else {
                throw fail(index, "invalid command \(GoString.quote(line))")
            }
        }
        return TestScript(commands: commands)
    }

    private static func words(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    private static func duration(_ text: String, _ line: Int, _ fail: (Int, String) -> Failure) throws(Failure) -> Int64 {
        do {
            return try PromDuration.parse(text)
        } catch {
            throw fail(line, "invalid duration \(GoString.quote(text)): \(error.message)")
        }
    }

    private static func parseLoad(_ lines: [String], at start: Int, fail: (Int, String) -> Failure) throws(Failure)
        -> (LoadCommand, Int) {
        let parts = words(lines[start])
        guard parts.count == 2, parts[0] == "load" || parts[0] == "load_with_nhcb" else {
            throw fail(start, "invalid load command. (load[_with_nhcb] <step:duration>)")
        }
        let interval = try duration(parts[1], start, fail)
        var command = LoadCommand(line: start + 1, interval: interval, withNativeHistograms: parts[0] == "load_with_nhcb",
                                  series: [])
        var index = start + 1
        while index < lines.count, !lines[index].isEmpty {
            do {
                command.series.append((index + 1, try SeriesDescription.parse(lines[index])))
            } catch {
                throw fail(index, error.description)
            }
            index += 1
        }
        return (command, index)
    }

    private static func parseEval(_ lines: [String], at start: Int, fail: (Int, String) -> Failure) throws(Failure)
        -> (EvalCommand, Int) {
        let header = lines[start]
        let parts = words(header)
        let verb = parts[0]
        let modifier = verb.hasPrefix("eval_") ? String(verb.dropFirst(5)) : ""
        var command: EvalCommand
        func rest(after count: Int) -> String {
            var remainder = Substring(header)
            for _ in 0..<count {
                remainder = remainder.drop(while: { $0 == " " || $0 == "\t" })
                remainder = remainder.drop(while: { $0 != " " && $0 != "\t" })
            }
            return String(remainder.drop(while: { $0 == " " || $0 == "\t" }))
        }
        if parts.count >= 4, parts[1] == "instant", parts[2] == "at" {
            command = EvalCommand(line: start + 1, expression: rest(after: 4),
                                  kind: .instant(at: try duration(parts[3], start, fail)))
        } else if parts.count >= 8, parts[1] == "range", parts[2] == "from", parts[4] == "to", parts[6] == "step" {
            let from = try duration(parts[3], start, fail), to = try duration(parts[5], start, fail)
            let step = try duration(parts[7], start, fail)
            guard to >= from else {
                throw fail(start, "invalid test definition, end timestamp (\(parts[5])) is before start timestamp (\(parts[3]))")
            }
            command = EvalCommand(line: start + 1, expression: rest(after: 8), kind: .range(start: from, end: to, step: step))
        } else {
            throw fail(start, "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at "
                + "<offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'")
        }
        switch modifier {
        case "fail": command.expectFail = true
        case "warn": command.legacyWarn = true
        case "info": command.legacyInfo = true
        case "ordered": command.ordered = true
        default: break
        }
        var index = start + 1
        var position = 0
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            index += 1
            let lineIndex = index - 1
            if command.expectFail, line.hasPrefix("expected_fail_message") {
                command.expectedFailMessage = String(line.dropFirst("expected_fail_message".count))
                    .trimmingCharacters(in: " \t")
                break
            }
            if command.expectFail, line.hasPrefix("expected_fail_regexp") {
                command.expectedFailPattern = String(line.dropFirst("expected_fail_regexp".count))
                    .trimmingCharacters(in: " \t")
                break
            }
            if line.hasPrefix("expect range vector") {
                let fields = words(line)
                guard fields.count == 9, fields[3] == "from", fields[5] == "to", fields[7] == "step" else {
                    throw fail(lineIndex, "invalid range vector definition \(GoString.quote(line))")
                }
                command.rangeVector = (try duration(fields[4], lineIndex, fail), try duration(fields[6], lineIndex, fail),
                                       try duration(fields[8], lineIndex, fail))
                position += 1
                continue
            }
            if line.hasPrefix("expect string") {
                let literal = line.dropFirst("expect string".count).trimmingCharacters(in: " \t")
                guard let value = try? GoStrconv.unquote(literal) else {
                    throw fail(lineIndex, "expected string literal not valid - check that the string is correctly quoted")
                }
                command.expectedString = value
                position += 1
                continue
            }
            if words(line).first == "expect" {
                try parseExpect(line, into: &command, at: lineIndex, fail: fail)
                continue
            }
            position += 1
            if let number = parseNumber(line) {
                command.expectedScalar = number
                break
            }
            do {
                let description = try SeriesDescription.parse(line)
                command.expectedSeries.append((position, description.labels, description.values))
            } catch {
                throw fail(lineIndex, error.description)
            }
        }
        return (command, index)
    }

    private static func parseExpect(_ line: String, into command: inout EvalCommand, at index: Int,
                                    fail: (Int, String) -> Failure) throws(Failure) {
        var body = Substring(line.dropFirst("expect".count)).drop(while: { $0 == " " || $0 == "\t" })
        let type = String(body.prefix { $0 != " " && $0 != "\t" })
        body = body.dropFirst(type.count).drop(while: { $0 == " " || $0 == "\t" })
        var expectation = EvalCommand.Expectation()
        if !body.isEmpty {
            if body.hasPrefix("msg:") {
                expectation.message = body.dropFirst(4).trimmingCharacters(in: " \t")
            } else if body.hasPrefix("regex:") {
                expectation.pattern = body.dropFirst(6).trimmingCharacters(in: " \t")
            } else {
                throw fail(index, "invalid expect statement, must match `expect <type> <match_type>: <string>` format")
            }
        }
        switch type {
        case "fail":
            command.expectFail = true
            command.failExpectation = expectation
        case "ordered": command.ordered = true
        case "warn": command.warnings.append(expectation)
        case "info": command.infos.append(expectation)
        case "no_warn": command.noWarn = true
        case "no_info": command.noInfo = true
        default: throw fail(index, "invalid expected error/annotation type \(type)")
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` then `ParseFloat`, as `promqltest` reads a scalar.
    static func parseNumber(_ text: String) -> Double? {
        if let integer = try? GoStrconv.parseInt(text, base: 0) { return Double(integer) }
        return try? GoStrconv.parseFloat(text)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return String(view)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
