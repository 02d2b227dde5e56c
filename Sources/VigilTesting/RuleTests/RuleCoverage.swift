import Foundation
import VigilCore
import VigilRules
import VigilSyntax

/// Which rules the tests exercise (`--coverage`), as the coverage report of
/// promtool's development branch counts it (prometheus/prometheus issues
/// 8131 and 11848 asked for it):
///
/// - an alerting rule is covered by an `alert_rule_test` naming it, or by a
///   `promql_expr_test` selecting its `ALERTS` / `ALERTS_FOR_STATE` series
///   with an `alertname` matcher that matches it;
/// - a recording rule is covered by a `promql_expr_test` selecting its
///   output: the `__name__` matcher matches the rule's name and no other
///   matcher contradicts a label the rule sets.
///
/// Only test groups that run (`--run`) count. Every rule of every rule file
/// a test file names is counted once, however many test files name it.
/// `logql_expr_test` queries logs, not rule output, so it covers nothing.
public struct RuleCoverage: Sendable {
    public struct Rule: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case alert, record }
        public var file: String
        public var group: String
        public var kind: Kind
        public var name: String
        public var labels: String
        public var expr: String
    }

    /// In the order first met.
    public private(set) var rules: [Rule] = []
    public private(set) var covered: Set<Rule> = []
    private var counted: Set<Rule> = []

    public init() {}

    /// Adds the rules and tests of every parsed file in `reports`.
    public init(reports: [RuleTestFileReport], options: RuleTestOptions) {
        for report in reports {
            if let file = report.file { record(file, options: options) }
        }
    }

    public mutating func record(_ file: RuleTestFile, options: RuleTestOptions) {
        var alertNames = Set<String>()
        var selectors: [[LabelMatcher]] = []
        for group in file.tests where options.selects(group.name) {
            for test in group.alertTests { alertNames.insert(test.alertname) }
            for test in group.promqlTests {
                guard let expr = try? PromQLParser(options: options.parserOptions).parse(test.expr) else { continue }
                selectors += Self.selectors(in: expr)
            }
        }
        // Each file on its own, so one broken file does not hide its siblings' rules.
        for reference in file.ruleFiles {
            guard case .success(let loaded) = LoadedRules.load([reference], options: options) else { continue }
            for group in loaded.groups {
                for definition in group.definition.rules {
                    let staticLabels = definition.effectiveLabels(in: group.definition).filter { !$0.value.isEmpty }
                    let rule = Rule(
                        file: Self.absolute(group.file), group: group.definition.name,
                        kind: definition.isAlerting ? .alert : .record, name: definition.name,
                        labels: LabelPairs.string(staticLabels), expr: definition.expr)
                    if counted.insert(rule).inserted { rules.append(rule) }
                    let isCovered: Bool
                    if definition.isAlerting {
                        isCovered = alertNames.contains(definition.name)
                            || selectors.contains { Self.selectsAlerts(of: definition.name, labels: staticLabels, $0) }
                    } else {
                        isCovered = selectors.contains { Self.selectsOutput(of: definition.name, labels: staticLabels, $0) }
                    }
                    if isCovered { covered.insert(rule) }
                }
            }
        }
    }

    /// Every selector's matchers, in range vectors and subqueries too.
    static func selectors(in expr: Expr) -> [[LabelMatcher]] {
        switch expr {
        case .vectorSelector(let selector): return [selector.matchers]
        case .matrixSelector(let matrix): return [matrix.selector.matchers]
        default: return expr.children.flatMap(selectors)
        }
    }

    private static func nameMatcher(_ matchers: [LabelMatcher]) -> LabelMatcher? {
        matchers.first { $0.name == Labels.metricName }
    }

    static func selectsOutput(of name: String, labels: [Label], _ matchers: [LabelMatcher]) -> Bool {
        guard let nameMatcher = nameMatcher(matchers), nameMatcher.matches(name) else { return false }
        return compatible(labels, matchers)
    }

    static func selectsAlerts(of name: String, labels: [Label], _ matchers: [LabelMatcher]) -> Bool {
        guard let nameMatcher = nameMatcher(matchers),
              nameMatcher.matches("ALERTS") || nameMatcher.matches("ALERTS_FOR_STATE"),
              let alertname = matchers.first(where: { $0.name == "alertname" }), alertname.matches(name) else { return false }
        return compatible(labels, matchers)
    }

    /// A matcher on a label the rule does not set may be satisfied by the
    /// input series, so only labels the rule sets are checked.
    private static func compatible(_ labels: [Label], _ matchers: [LabelMatcher]) -> Bool {
        for matcher in matchers where matcher.name != Labels.metricName && matcher.name != "alertname" {
            if let label = labels.first(where: { $0.name == matcher.name }), !matcher.matches(label.value) { return false }
        }
        return true
    }

    private static func absolute(_ path: String) -> String {
        RuleFilePaths.clean(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// Covered rules as a percentage; 100 when there are no rules.
    public var percentage: Double {
        rules.isEmpty ? 100 : Double(covered.count) / Double(rules.count) * 100
    }

    /// The report promtool prints to stderr.
    public var report: [String] {
        func fraction(_ kind: Rule.Kind?) -> String {
            let all = rules.filter { kind == nil || $0.kind == kind }
            let done = all.filter(covered.contains).count
            if all.isEmpty { return "0/0 covered" }
            return "\(done)/\(all.count) covered (\(GoFloat.format(Double(done) / Double(all.count) * 100, .f, precision: 1))%)"
        }
        var lines = ["Rule test coverage:",
                     "  Alerting rules:  \(fraction(.alert))",
                     "  Recording rules: \(fraction(.record))",
                     "  Total:           \(fraction(nil))"]
        let untested = rules.filter { !covered.contains($0) }.sorted { a, b in
            (a.file, a.group, a.kind == .alert ? 0 : 1, a.name, a.labels) < (b.file, b.group, b.kind == .alert ? 0 : 1, b.name, b.labels)
        }
        if !untested.isEmpty {
            lines.append("  Untested rules:")
            var last: (String, String)?
            for rule in untested {
                if last.map({ $0 != (rule.file, rule.group) }) ?? true {
                    lines.append("    group \(GoString.quote(rule.group)) in \((rule.file as NSString).lastPathComponent):")
                    last = (rule.file, rule.group)
                }
                lines.append("      - \(rule.kind.rawValue): \(rule.name)")
            }
        }
        return lines
    }

    /// Whether the percentage, as printed with one decimal, is below
    /// `threshold` (0 disables the check).
    public func isBelow(threshold: Double) -> Bool {
        guard threshold > 0 else { return false }
        let shown = Double(GoFloat.format(percentage, .f, precision: 1)) ?? percentage
        return shown < threshold
    }
}
