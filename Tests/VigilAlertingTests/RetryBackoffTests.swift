import Testing
import VigilCore
@testable import VigilAlerting

@Suite struct RetryBackoffTests {
    let backoff = RetryBackoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.5)

    @Test func doublesFromTheInitialWaitUpToTheCap() {
        let schedule = (1...6).map { backoff.delay(afterFailures: $0, random: 0) }
        #expect(schedule == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(backoff.delay(afterFailures: 1_000_000, random: 0) == .seconds(1))
        #expect(backoff.delay(afterFailures: Int.max, random: 0) == .seconds(1))
    }

    @Test func jitterRemovesUpToItsShare() {
        #expect(backoff.delay(afterFailures: 3, random: 0.5) == .milliseconds(300))
        #expect(backoff.delay(afterFailures: 5, random: 0.5) == .milliseconds(750))
        for _ in 0..<100 {
            let delay = backoff.delay(afterFailures: 2, random: Double.random(in: 0..<1))
            #expect(delay > .milliseconds(100) && delay <= .milliseconds(200))
        }
    }

    @Test func defaultsAreHalfASecondToThirtySeconds() {
        let defaults = RetryBackoff()
        #expect(defaults.delay(afterFailures: 1, random: 0) == .milliseconds(500))
        #expect(defaults.delay(afterFailures: 7, random: 0) == .seconds(30))
        #expect(defaults.delay(afterFailures: 1, random: 0.5) == .milliseconds(450))
    }

    @Test func badSettingsAreRefused() {
        func refused(_ backoff: RetryBackoff) -> Bool {
            (try? Notifier(alertmanagers: [], options: NotifierOptions(backoff: backoff))) == nil
        }
        #expect(refused(RetryBackoff(initial: .zero)))
        #expect(refused(RetryBackoff(initial: .seconds(2), maximum: .seconds(1))))
        #expect(refused(RetryBackoff(multiplier: 0.5)))
        #expect(refused(RetryBackoff(jitter: 1.5)))
        #expect(!refused(RetryBackoff()))
        #expect((try? Notifier(alertmanagers: [], options: NotifierOptions(queueCapacity: 0))) == nil)
        #expect((try? Notifier(alertmanagers: [], options: NotifierOptions(maxBatchSize: 0))) == nil)
    }
}
