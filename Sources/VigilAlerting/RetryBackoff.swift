/// The wait before re-sending a batch that failed: exponential, capped and
/// jittered. After `n` consecutive failures the base wait is
/// `initial × multiplier^(n−1)`, at most `maximum`; jitter then removes a
/// random share of up to `jitter` of it, so Vigil instances that lost the
/// same Alertmanager do not retry in lock-step.
public struct RetryBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    /// In [0, 1]: the largest share of the base wait jitter may remove.
    public var jitter: Double

    public init(
        initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30),
        multiplier: Double = 2, jitter: Double = 0.2
    ) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait after `failures` consecutive failures (1 for the first),
    /// with `random` in [0, 1) choosing the jitter.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        let initialNanos = Double(Self.nanoseconds(initial))
        let maximumNanos = Double(Self.nanoseconds(maximum))
        var base = initialNanos
        var step = 1
        // Multiply step by step so a huge failure count cannot overflow.
        while step < failures, base < maximumNanos {
            base *= multiplier
            step += 1
        }
        base = min(base, maximumNanos)
        let share = min(max(random, 0), 1) * min(max(jitter, 0), 1)
        return .nanoseconds(Int64(base * (1 - share)))
    }

    func validate() throws(AlertingConfigError) {
        guard initial > .zero else { throw .invalid("retry backoff: initial wait must be positive") }
        guard maximum >= initial else { throw .invalid("retry backoff: maximum wait must be at least the initial wait") }
        guard multiplier >= 1, multiplier.isFinite else { throw .invalid("retry backoff: multiplier must be at least 1") }
        guard (0...1).contains(jitter) else { throw .invalid("retry backoff: jitter must be between 0 and 1") }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : total
    }
}
