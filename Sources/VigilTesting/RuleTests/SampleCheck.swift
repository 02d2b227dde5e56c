import VigilCore
import VigilRules

/// A sample of a query result or of `exp_samples`.
struct SampleInstance: Sendable {
    var labels: Labels
    var value: Double

    /// promtool's `parsedSample.String()`: labels and the value in Go's `%E`.
    var promtoolText: String { LabelPairs.string(labels) + " " + GoFloat.format(value, .upperE) }

    /// One line for diffs, the value in its shortest exact form.
    var line: String { LabelPairs.string(labels) + " " + GoFloat.formatV(value) }
}

/// How floats compare: exactly (`==`, so NaN never matches, as in
/// promtool), or with `fuzzy_compare` also a neighbour in the last bit of
/// the mantissa (promtool's `math.Nextafter` comparer).
struct FloatComparison: Sendable {
    let fuzzy: Bool

    func equal(_ expected: Double, _ got: Double) -> Bool {
        if expected == got { return true }
        guard fuzzy else { return false }
        return expected.nextDown == got || expected.nextUp == got
    }
}

/// An expression test's expected samples checked against a query result.
struct SampleCheck {
    let expr: String
    let evalTime: Int64
    let comparison: FloatComparison

    /// nil when the samples match pairwise after sorting by labels.
    func failure(expected unsorted: [SampleInstance], got unsortedGot: [SampleInstance]) -> RuleTestFailure? {
        let expected = Self.sorted(unsorted), got = Self.sorted(unsortedGot)
        if expected.count == got.count, zip(expected, got).allSatisfy({ $0.labels == $1.labels && comparison.equal($0.value, $1.value) }) {
            return nil
        }
        let message = "    expr: \(GoString.quote(expr)), time: \(PromDuration.format(evalTime)),\n"
            + "        exp: \(Self.promtoolList(expected))\n"
            + "        got: \(Self.promtoolList(got))"
        return RuleTestFailure(message: message, details: details(expected: expected, got: got))
    }

    /// promtool sorts both sides by labels (`labels.Compare`) before comparing.
    static func sorted(_ samples: [SampleInstance]) -> [SampleInstance] {
        samples.enumerated().sorted {
            let order = Labels.compare($0.element.labels, $1.element.labels)
            return order != 0 ? order < 0 : $0.offset < $1.offset
        }.map(\.element)
    }

    /// promtool's `parsedSamplesString`.
    static func promtoolList(_ samples: [SampleInstance]) -> String {
        samples.isEmpty ? "nil" : samples.map(\.promtoolText).joined(separator: ", ")
    }

    private func details(expected: [SampleInstance], got: [SampleInstance]) -> [String] {
        var lines: [String] = []
        let diff = UnifiedDiff.lines(expected: expected.map(\.line), got: got.map(\.line))
        if !diff.isEmpty {
            lines.append("        diff (-exp +got):")
            lines += diff.map { "            " + $0 }
        }
        let hints = closestMatches(expected: expected, got: got)
        if !hints.isEmpty {
            lines.append("        hints:")
            lines += hints.map { "            " + $0 }
        }
        return lines
    }

    /// For each expected sample without an equal one: the sample with the
    /// same labels (its value differs) or the closest labels; then the
    /// samples nobody expected.
    private func closestMatches(expected: [SampleInstance], got: [SampleInstance]) -> [String] {
        var unmatchedGot = Array(got.indices)
        var unmatchedExpected: [SampleInstance] = []
        for sample in expected {
            if let position = unmatchedGot.firstIndex(where: { got[$0].labels == sample.labels && comparison.equal(sample.value, got[$0].value) }) {
                unmatchedGot.remove(at: position)
            } else {
                unmatchedExpected.append(sample)
            }
        }
        var hints: [String] = []
        for sample in unmatchedExpected {
            if let position = unmatchedGot.firstIndex(where: { got[$0].labels == sample.labels }) {
                let value = got[unmatchedGot.remove(at: position)].value
                var hint = "\(LabelPairs.string(sample.labels)): value differs: exp \(GoFloat.formatV(sample.value)), got \(GoFloat.formatV(value))"
                if sample.value.isNaN && value.isNaN { hint += " (NaN never equals NaN, as in promtool)" }
                hints.append(hint)
                continue
            }
            let candidates = unmatchedGot.map { index in
                (index, LabelPairs.differences(expected: sample.labels.pairs, got: got[index].labels.pairs, kind: "label"))
            }
            guard let closest = candidates.min(by: { $0.1.count < $1.1.count }) else {
                hints.append("\(LabelPairs.string(sample.labels)): missing from the result")
                continue
            }
            unmatchedGot.removeAll { $0 == closest.0 }
            var hint = "\(LabelPairs.string(sample.labels)): not in the result; the closest sample differs: "
                + closest.1.joined(separator: "; ")
            if !comparison.equal(sample.value, got[closest.0].value) {
                hint += "; value exp \(GoFloat.formatV(sample.value)), got \(GoFloat.formatV(got[closest.0].value))"
            }
            hints.append(hint)
        }
        for index in unmatchedGot {
            hints.append("\(LabelPairs.string(got[index].labels)) \(GoFloat.formatV(got[index].value)): in the result but not expected")
        }
        return hints
    }
}
