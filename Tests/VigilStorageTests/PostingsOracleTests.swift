import Testing
import VigilCore
@testable import VigilStorage

/// `select` against a brute-force reading of Prometheus's semantics: a
/// series matches when every matcher accepts its value for the matcher's
/// label ("" when the label is missing); no matchers select nothing; a lone
/// matcher with empty name and value selects everything; results come in
/// `labels.Compare` order.
@Suite struct PostingsOracleTests {
    static let names = ["__name__", "a", "b", "c"]
    static let values = ["x", "y", "z", "xy", "yz", "é", "x\ny"]
    static let patterns = ["x", "x|y", "(x|z)", ".*", ".+", "x.*", "", "y|", "[xy]+", "é|x", "x.y", "nothing", "(?i)X"]

    func oracle(_ series: [Labels], _ matchers: [LabelMatcher]) -> [Labels] {
        if matchers.isEmpty { return [] }
        if matchers.count == 1, matchers[0].name.isEmpty, matchers[0].value.isEmpty { return series.sorted() }
        return series.filter { labels in matchers.allSatisfy { $0.matches(labels.get($0.name)) } }.sorted()
    }

    func randomMatcher(_ generator: inout some RandomNumberGenerator) throws -> LabelMatcher {
        let kind = LabelMatcher.Kind.allCases.randomElement(using: &generator)!
        let name = (Self.names + ["d"]).randomElement(using: &generator)!
        switch kind {
        case .equal, .notEqual:
            return try LabelMatcher(kind, name, (Self.values + [""]).randomElement(using: &generator)!)
        case .regexMatch, .regexNoMatch:
            return try LabelMatcher(kind, name, Self.patterns.randomElement(using: &generator)!)
        }
    }

    @Test func selectAgreesWithBruteForce() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<25 {
            let store = SeriesStore()
            var series = Set<Labels>()
            for _ in 0..<Int.random(in: 1...120, using: &generator) {
                var pairs: [Label] = []
                for name in Self.names where Bool.random(using: &generator) {
                    pairs.append(Label(name, Self.values.randomElement(using: &generator)!))
                }
                let labels = Labels(pairs)
                if labels.isEmpty || series.contains(labels) { continue }
                series.insert(labels)
                try store.append(labels, timestamp: 0, value: 1)
            }
            let snapshot = store.snapshot()
            let all = Array(series)
            for _ in 0..<200 {
                let matchers = try (0..<Int.random(in: 0...4, using: &generator)).map { _ in try randomMatcher(&generator) }
                let selected = snapshot.select(matchers).map(snapshot.labels(of:))
                #expect(selected == oracle(all, matchers), "\(matchers)")
            }
        }
    }

    @Test func emptyNameAndValueSelectsEverything() throws {
        let store = SeriesStore()
        try store.append(["a": "1"], timestamp: 0, value: 0)
        try store.append(["b": "1"], timestamp: 0, value: 0)
        let snapshot = store.snapshot()
        #expect(snapshot.select([try LabelMatcher(.regexMatch, "", "")]).count == 2)
        #expect(snapshot.select([]).isEmpty)
    }

    @Test func labelOrderIsPrometheusOrder() throws {
        let store = SeriesStore()
        let inserted: [Labels] = [
            ["__name__": "up", "job": "b"], ["__name__": "up"], ["__name__": "go", "job": "a"],
            ["__name__": "up", "job": "a", "z": "1"], ["__name__": "up", "job": "a"],
        ]
        for labels in inserted { try store.append(labels, timestamp: 0, value: 0) }
        let snapshot = store.snapshot()
        let selected = snapshot.select([try LabelMatcher(.regexMatch, "__name__", ".+")]).map(snapshot.labels(of:))
        #expect(selected.map(\.description) == [
            #"go{job="a"}"#, "up", #"up{job="a"}"#, #"up{job="a", z="1"}"#, #"up{job="b"}"#,
        ])
    }
}
