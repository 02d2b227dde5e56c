import VigilCore
import VigilRules

/// One firing alert as promtool compares it: its labels and annotations.
struct AlertInstance: Sendable, Equatable {
    var labels: [Label]
    var annotations: [Label]

    /// promtool's `labelAndAnnotation.String()`.
    var promtoolText: String {
        "Labels:" + LabelPairs.string(labels) + "\nAnnotations:" + LabelPairs.string(annotations)
    }

    /// One line for diffs.
    var line: String { LabelPairs.string(labels) + " annotations " + LabelPairs.string(annotations) }

    /// promtool's order: by labels, then by annotations.
    static func less(_ a: AlertInstance, _ b: AlertInstance) -> Bool {
        let byLabels = LabelPairs.compare(a.labels, b.labels)
        if byLabels != 0 { return byLabels < 0 }
        return LabelPairs.compare(a.annotations, b.annotations) < 0
    }

    static func == (a: AlertInstance, b: AlertInstance) -> Bool {
        LabelPairs.equal(a.labels, b.labels) && LabelPairs.equal(a.annotations, b.annotations)
    }
}

/// An `alert_rule_test` checked against the alerts firing at the evaluation
/// that covers its `eval_time`.
struct AlertCheck {
    let test: AlertTestCase
    let groupName: String

    /// The expected alerts: `exp_labels` plus `alertname`, as promtool adds it.
    var expected: [AlertInstance] {
        test.expected.map { alert in
            var labels = alert.labels.filter { $0.name != "alertname" }
            labels.append(Label("alertname", test.alertname))
            labels.sort { GoString.less($0.name, $1.name) }
            return AlertInstance(labels: labels, annotations: alert.annotations)
        }.sorted(by: AlertInstance.less)
    }

    /// nil when the firing alerts are exactly the expected ones.
    func failure(got unsorted: [AlertInstance], context: AlertCheckContext) -> RuleTestFailure? {
        let expected = self.expected
        let got = unsorted.sorted(by: AlertInstance.less)
        guard expected != got else { return nil }
        let name = groupName.isEmpty ? "" : "    name: \(groupName),\n"
        let message = "\(name)    alertname: \(test.alertname), time: \(PromDuration.format(test.evalTime)), \n"
            + "        exp:\(Self.indent(Self.promtoolList(expected), "            ")), \n"
            + "        got:\(Self.indent(Self.promtoolList(got), "            "))"
        return RuleTestFailure(message: message, details: details(expected: expected, got: got, context: context))
    }

    /// promtool's `labelsAndAnnotations.String()`.
    static func promtoolList(_ alerts: [AlertInstance]) -> String {
        guard !alerts.isEmpty else { return "[]" }
        var text = "["
        for (index, alert) in alerts.enumerated() {
            text += (index == 0 ? "\n" : ",\n") + "\(index):" + indent("\n" + alert.promtoolText, "  ")
        }
        return text + "\n]"
    }

    /// promtool's `indentLines`: every line but the first gets `prefix`.
    static func indent(_ text: String, _ prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 ? String($0.element) : prefix + $0.element }
            .joined(separator: "\n")
    }

    private func details(expected: [AlertInstance], got: [AlertInstance], context: AlertCheckContext) -> [String] {
        var lines: [String] = []
        let diff = UnifiedDiff.lines(expected: expected.map(\.line), got: got.map(\.line))
        if !diff.isEmpty {
            lines.append("        diff (-exp +got):")
            lines += diff.map { "            " + $0 }
        }
        var hints: [String] = []
        if !context.ruleExists {
            hints.append("no alerting rule is named \(test.alertname)")
        } else if got.isEmpty {
            hints.append("no \(test.alertname) alert was firing at \(PromDuration.format(context.checkedAt - context.start))")
        }
        hints += Self.closestMatches(expected: expected, got: got)
        if !hints.isEmpty {
            lines.append("        hints:")
            lines += hints.map { "            " + $0 }
        }
        if context.ruleExists {
            let evaluated = context.checkedAt - context.start
            let note = evaluated == test.evalTime ? "" : " (checked at the evaluation at \(PromDuration.format(evaluated)))"
            lines.append("        timeline of \(test.alertname), times after the start\(note):")
            lines += context.timeline.lines(for: test.alertname, through: context.checkedAt, start: context.start)
                .map { "            " + $0 }
        }
        return lines
    }

    /// For each expected alert without an exact match, the closest firing
    /// alert not matched otherwise and what differs; then the firing alerts
    /// nobody expected.
    static func closestMatches(expected: [AlertInstance], got: [AlertInstance]) -> [String] {
        var unmatchedGot = Array(got.indices)
        var unmatchedExpected: [AlertInstance] = []
        for alert in expected {
            if let position = unmatchedGot.firstIndex(where: { got[$0] == alert }) {
                unmatchedGot.remove(at: position)
            } else {
                unmatchedExpected.append(alert)
            }
        }
        var hints: [String] = []
        for alert in unmatchedExpected {
            let differences = unmatchedGot.map { index in
                (index, LabelPairs.differences(expected: alert.labels, got: got[index].labels, kind: "label")
                    + LabelPairs.differences(expected: alert.annotations, got: got[index].annotations, kind: "annotation"))
            }
            guard let closest = differences.min(by: { $0.1.count < $1.1.count }) else {
                hints.append("exp \(LabelPairs.string(alert.labels)): no such alert was firing")
                continue
            }
            unmatchedGot.removeAll { $0 == closest.0 }
            hints.append("exp \(LabelPairs.string(alert.labels)): the closest firing alert differs: "
                + closest.1.joined(separator: "; "))
        }
        for index in unmatchedGot {
            hints.append("got \(LabelPairs.string(got[index].labels)): firing but not expected")
        }
        return hints
    }
}

/// What a failing alert check reports beyond the comparison.
struct AlertCheckContext {
    /// Whether any loaded alerting rule has the tested name.
    let ruleExists: Bool
    /// The evaluation time the alerts come from, and the group's start (Unix ms).
    let checkedAt: Int64
    let start: Int64
    let timeline: AlertTimeline
}
