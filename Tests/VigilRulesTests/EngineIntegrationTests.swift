import Testing
import VigilAlerting
import VigilCore
import VigilEngine
import VigilStorage
@testable import VigilRules

/// Rules evaluated by the real PromQL engine over the series store.
@Suite struct EngineIntegrationTests {
    @Test func recordingFeedsAlertThroughTheEngine() throws {
        // 10 errors a minute from t=0. With Prometheus's extrapolatedRate over
        // a 5m window evaluated every minute (rate = increase / 300 s):
        //   t=1m: 10/300, t=2m: 20/300, t=3m: 30/300 = 0.1 (not > 0.1),
        //   t=4m: 40/300 (first sample at 0 is a counter at zero, so no
        //   extrapolation towards the window start), t>=5m: 50/300.
        // The alert is pending at 4m and fires 2m later, at 6m.
        let store = SeriesStore()
        _ = store.load(try SeriesDescription.parse(#"http_requests_total{service="api", status="500"} 0+10x30"#),
                       start: 0, interval: minute)
        let changes = Collector<AlertStateChange>()
        var environment = RuleEnvironment(store: store)
        environment.onStateChange = { changes.add($0) }
        let file = try RuleFileLoader(validator: .standard()).parse(yaml: """
            groups:
              - name: errors
                rules:
                  - record: service:errors:rate5m
                    expr: sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))
                  - alert: Errors
                    expr: service:errors:rate5m > 0.1
                    for: 2m
                    annotations:
                      summary: "{{ $labels.service }}: {{ $value | printf \\"%.3f\\" }}/s"
            """, file: "rules.yml", language: .promql)
        let querier = RuleQuerier.promql(engine: Engine(), store: store)
        let group = RuleGroup(file.groups[0], file: "rules.yml", querier: querier, environment: environment)
        for step in 0...7 { _ = group.evaluate(at: Int64(step) * minute) }

        let recorded = store.values(named: "service:errors:rate5m", at: 4 * minute)
        #expect(recorded == [labels("__name__", "service:errors:rate5m", "service", "api"): 40.0 / 300.0])
        let timeline = changes.all.map { "\($0.time / minute)m \($0.from)->\($0.to)" }
        #expect(timeline == ["4m inactive->pending", "6m pending->firing"])
        #expect(changes.all.first?.labels == labels("alertname", "Errors", "service", "api"))
        #expect(changes.all.last?.annotations == [Label("summary", "api: 0.167/s")])
        #expect(changes.all.last?.activeAt == 4 * minute)
        // ALERTS as Prometheus writes it, for the firing alert at 6m.
        #expect(store.values(named: "ALERTS", at: 6 * minute) == [
            labels("__name__", "ALERTS", "alertname", "Errors", "alertstate", "firing", "service", "api"): 1,
        ])
    }

    @Test func stringResultsAreRuleErrors() throws {
        let store = SeriesStore()
        let querier = RuleQuerier.promql(engine: Engine(), store: store)
        #expect(throws: RuleQueryError.notVectorOrScalar) { try querier.query(#""text""#, 0) }
        #expect(try querier.query("1 + 1", 0) == [RuleSample(labels: .empty, value: 2)])
    }
}
