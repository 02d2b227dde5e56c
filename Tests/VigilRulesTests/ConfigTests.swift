import Foundation
import Testing
import VigilAlerting
import VigilCore
import VigilStorage
@testable import VigilRules

@Suite struct ConfigTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Corpus").standardizedFileURL

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try VigilConfig.parse(yaml: yaml, file: "vigil.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func bundledConfigurationLoads() throws {
        let path = Self.corpus.appendingPathComponent("vigil.yml").path
        let config = try VigilConfig.load(path: path)
        #expect(config.global.evaluationInterval == minute)
        #expect(config.global.ruleQueryOffset == 0)
        #expect(config.global.externalLabels == labels("cluster", "do-ams3", "monitor", "vigil"))
        #expect(config.global.externalURL == "http://vigil.observability.internal:9090")
        #expect(config.alerting.resendDelay == minute)
        #expect(config.alerting.forOutageTolerance == 60 * minute)
        #expect(config.alerting.forGracePeriod == 10 * minute)
        #expect(config.alerting.alertmanagers.map(\.url) == ["http://127.0.0.1:9093"])
        #expect(config.alerting.alertmanagers.first?.timeout == 10_000)
        #expect(config.autolog.defaultTTL == 30 * minute)
        let rules = Self.corpus.appendingPathComponent("rules").path
        #expect(config.promqlRuleFilePaths == [rules + "/prometheus/application.yml", rules + "/prometheus/infrastructure.yml"])
        #expect(config.lokiRuleFilePaths == [rules + "/loki/autolog.yml", rules + "/loki/log-errors.yml"])

        let environment = config.environment(store: SeriesStore())
        #expect(environment.externalURL == "http://vigil.observability.internal:9090")
        #expect(environment.evaluationInterval == minute)
        let groups = try RuleGroupLoader().groups(from: config.promqlRuleFilePaths, querier: .promql { _, _ in [] },
                                                  environment: environment)
        #expect(groups.map(\.name) == ["application-recording", "application-alerts", "saga", "stack-health", "postgres"])
        #expect(groups.map(\.interval) == [30_000, 30_000, minute, 30_000, minute])
    }

    @Test func emptyConfigurationHasPrometheusDefaults() throws {
        let config = try VigilConfig.parse(yaml: "", file: "vigil.yml")
        #expect(config.global == GlobalConfig())
        #expect(config.global.evaluationInterval == minute)
        #expect(config.alerting.resendDelay == minute)
        #expect(config.alerting.forOutageTolerance == 60 * minute)
        #expect(config.alerting.forGracePeriod == 10 * minute)
        #expect(config.autolog.defaultTTL == 30 * minute)
        #expect(config.ruleFiles.isEmpty)
        // evaluation_interval: 0 falls back to the default, as in Prometheus.
        #expect(try VigilConfig.parse(yaml: "global: {evaluation_interval: 0s}", file: "v").global.evaluationInterval == minute)
    }

    @Test func alertmanagerSettings() throws {
        let config = try VigilConfig.parse(yaml: """
            global:
              external_url: https://vigil.example.org/prefix/
              external_labels: {region: eu}
            alerting:
              alertmanagers:
                - url: http://am-1:9093
                  path_prefix: /alertmanager
                  timeout: 3s
                  bearer_token: secret
                  headers:
                    X-Scope-OrgID: tenant-1
                - url: https://am-2
                  basic_auth:
                    username: vigil
                    password: hunter2
            """, file: "vigil.yml")
        #expect(config.global.externalURL == "https://vigil.example.org/prefix")
        let endpoints = config.alerting.alertmanagers.map(\.endpoint)
        #expect(endpoints == [
            AlertmanagerEndpoint(url: "http://am-1:9093", pathPrefix: "/alertmanager", authorization: .bearer("secret"),
                                 headers: ["X-Scope-OrgID": "tenant-1"], timeout: .seconds(3)),
            AlertmanagerEndpoint(url: "https://am-2", authorization: .basic(username: "vigil", password: "hunter2")),
        ])
        #expect(config.alerting.alertmanagers.map(\.position) == [FilePosition(line: 6, column: 7), FilePosition(line: 12, column: 7)])
    }

    @Test func errorsNameTheirPlace() {
        #expect(errors("""
            global:
              evaluation_interval: 1x
              scrape_interval: 15s
            rule_files:
              - "rules/[a.yml"
            alerting:
              resend_delay: soon
              alertmanagers:
                - url: ftp://am:9093
                  timeout: 0s
                - path_prefix: /am
                - url: http://am:9093
                  bearer_token: t
                  basic_auth: {username: u, password: p}
            autolog:
              default_ttl: 0s
              enabled: true
            """) == [
                #"vigil.yml:2:24: unknown unit "x" in duration "1x""#,
                "vigil.yml:3:3: field scrape_interval not found in type vigil.GlobalConfig",
                #"vigil.yml:5:5: invalid rule file path "rules/[a.yml": syntax error in pattern"#,
                #"vigil.yml:7:17: not a valid duration string: "soon""#,
                #"vigil.yml:9:12: alertmanager url "ftp://am:9093": want an http:// or https:// URL with a host and no query"#,
                "vigil.yml:10:16: timeout must be positive",
                "vigil.yml:11:7: alertmanager: field url must be set",
                "vigil.yml:14:7: at most one of bearer_token and basic_auth must be configured",
                "vigil.yml:16:16: default_ttl must be positive",
                "vigil.yml:17:3: field enabled not found in type vigil.AutologConfig",
            ])
    }

    @Test func typeAndSyntaxErrors() {
        #expect(errors("rule_files: rules.yml") == ["vigil.yml:1:13: cannot unmarshal !!str into []string"])
        #expect(errors("global:\n  external_labels: [a]") == ["vigil.yml:2:20: cannot unmarshal !!seq into map[string]string"])
        #expect(errors("global:\n  external_labels:\n    __name__: x") == [#"vigil.yml:3:5: external label "__name__" is reserved"#])
        #expect(errors("global:\n  external_url: vigil:9090") == [
            #"vigil.yml:2:17: external_url "vigil:9090": want an http:// or https:// URL with a host"#])
        #expect(errors("global: [\n") .first?.hasPrefix("vigil.yml:2:1: yaml: ") == true)
        #expect(errors("global: {}\n---\nglobal: {}") == ["vigil.yml:3:1: only one YAML document is allowed in a configuration file"])
        #expect(errors("rule_files: [a]\nrule_files: [b]").count == 1)
    }

    @Test func globPatternsFollowGo() {
        for good in ["*.yml", "rules/[ab].yml", "rules/[^a-c]x", #"a\*b"#, #"[\]]"#] {
            #expect(FileGlob.patternProblem(good) == nil, "\(good)")
        }
        // Unlike POSIX, Go accepts neither `]` nor `-` as a class's first item.
        for bad in ["[", "[]", "[a", "[-a]", "[a-]", "[a-]]", #"a\"#, "[^]", "[]a]"] {
            #expect(FileGlob.patternProblem(bad) == "syntax error in pattern", "\(bad)")
        }
    }

    @Test func notifierRefusesReservedHeaders() throws {
        let config = try VigilConfig.parse(yaml: """
            alerting:
              alertmanagers:
                - url: http://am:9093
                  headers: {Authorization: x}
            """, file: "vigil.yml")
        #expect(throws: AlertingConfigError.self) { _ = try config.makeNotifier() }
    }
}
