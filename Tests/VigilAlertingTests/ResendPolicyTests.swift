import Testing
import VigilCore
@testable import VigilAlerting

/// Prometheus's `needsSending` and `ValidUntil` rules (rules/alerting.go).
@Suite struct ResendPolicyTests {
    @Test func pendingAlertsAreNeverSent() {
        #expect(!ResendPolicy.needsSending(state: .pending, lastSentAt: nil, resolvedAt: nil, at: 1_000_000))
    }

    @Test func firingAlertsAreSentFirstThenOncePerResendDelay() {
        #expect(ResendPolicy.needsSending(state: .firing, lastSentAt: nil, resolvedAt: nil, at: 0))
        // Strictly after lastSentAt + resendDelay (`Before(ts)`).
        #expect(!ResendPolicy.needsSending(state: .firing, lastSentAt: 1_000, resolvedAt: nil, at: 61_000))
        #expect(ResendPolicy.needsSending(state: .firing, lastSentAt: 1_000, resolvedAt: nil, at: 61_001))
        #expect(!ResendPolicy.needsSending(state: .firing, lastSentAt: 1_000, resolvedAt: nil, at: 16_000, resendDelay: 15_000))
        #expect(ResendPolicy.needsSending(state: .firing, lastSentAt: 1_000, resolvedAt: nil, at: 16_001, resendDelay: 15_000))
    }

    @Test func aResolutionSinceTheLastSendIsSentAtOnce() {
        #expect(ResendPolicy.needsSending(state: .inactive, lastSentAt: 1_000, resolvedAt: 5_000, at: 5_000))
        // Resolved at the very time of the last send: After is false, so the delay rule applies.
        #expect(!ResendPolicy.needsSending(state: .inactive, lastSentAt: 5_000, resolvedAt: 5_000, at: 20_000))
        #expect(ResendPolicy.needsSending(state: .inactive, lastSentAt: 5_000, resolvedAt: 5_000, at: 65_001))
        #expect(ResendPolicy.needsSending(state: .inactive, lastSentAt: nil, resolvedAt: 5_000, at: 5_000))
        #expect(!ResendPolicy.needsSending(state: .firing, lastSentAt: Int64.max - 10, resolvedAt: nil, at: Int64.max))
    }

    @Test func validUntilAllowsFourTimesTheLongerOfIntervalAndResendDelay() {
        #expect(ResendPolicy.validUntil(evaluatedAt: 1_000, groupInterval: 15_000) == 241_000)
        #expect(ResendPolicy.validUntil(evaluatedAt: 1_000, groupInterval: 300_000) == 1_201_000)
        #expect(ResendPolicy.validUntil(evaluatedAt: 0, groupInterval: 10_000, resendDelay: 20_000) == 80_000)
        #expect(ResendPolicy.validUntil(evaluatedAt: Int64.max - 10, groupInterval: 1) == Int64.max)
        #expect(ResendPolicy.validUntil(evaluatedAt: 0, groupInterval: Int64.max / 2) == Int64.max)
    }

    @Test func ruleAlertsMapAsSendAlertsDoes() {
        let labels: Labels = ["alertname": "A"]
        let firing = Alert(
            ruleAlertLabels: labels, annotations: [], state: .firing, firedAt: 10_000, resolvedAt: nil,
            validUntil: 250_000, generatorURL: "g")
        #expect(firing.startsAt == 10_000 && firing.endsAt == 250_000 && !firing.isResolved(at: 249_999))
        let resolved = Alert(
            ruleAlertLabels: labels, annotations: [], state: .inactive, firedAt: 10_000, resolvedAt: 70_000,
            validUntil: 250_000, generatorURL: "g")
        #expect(resolved.endsAt == 70_000 && resolved.isResolved(at: 70_000) && !resolved.isResolved(at: 69_999))
        #expect(!Alert(labels: labels).isResolved(at: .max))
    }
}
