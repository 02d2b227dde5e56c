/// Methods templates call on Go values (`{{ (toTime $value).Format "15:04" }}`,
/// `{{ (toDuration 90).Seconds }}`): the commonly used methods of
/// `time.Time` and `time.Duration`, bound to their receiver.
enum Methods {
    static func method(named name: String, on receiver: TemplateValue) -> TemplateFunction? {
        switch receiver {
        case .time(let time): return timeMethod(name, time)
        case .duration(let nanos): return durationMethod(name, nanos)
        default: return nil
        }
    }

    private static func noArguments(_ name: String, result: String, _ value: @escaping @Sendable () -> TemplateValue)
        -> TemplateFunction {
        TemplateFunction(name, parameters: [], result: result) { _, _ in value() }
    }

    private static func timeMethod(_ name: String, _ time: GoTime) -> TemplateFunction? {
        let plain: GoTime = {
            var copy = time
            copy.isPointer = false
            return copy
        }()
        switch name {
        case "Unix": return noArguments(name, result: "int64") { .int(time.seconds, .int64) }
        case "UnixMilli": return noArguments(name, result: "int64") { .int(time.unixMillis, .int64) }
        case "UnixMicro": return noArguments(name, result: "int64") { .int(time.seconds &* 1_000_000 &+ time.nanoseconds / 1000, .int64) }
        case "UnixNano": return noArguments(name, result: "int64") { .int(time.unixNanos, .int64) }
        case "String": return noArguments(name, result: "string") { .string(time.description) }
        case "UTC": return noArguments(name, result: "time.Time") { .time(plain.inZone(.utc)) }
        case "Local": return noArguments(name, result: "time.Time") { .time(plain.inZone(GoTime.localZone(at: time.seconds))) }
        case "Year": return noArguments(name, result: "int") { .int(time.civil.year, .int) }
        case "YearDay": return noArguments(name, result: "int") { .int(time.civil.yearDay) }
        case "Day": return noArguments(name, result: "int") { .int(time.civil.day) }
        case "Hour": return noArguments(name, result: "int") { .int(time.civil.hour) }
        case "Minute": return noArguments(name, result: "int") { .int(time.civil.minute) }
        case "Second": return noArguments(name, result: "int") { .int(time.civil.second) }
        case "Nanosecond": return noArguments(name, result: "int") { .int(time.nanoseconds, .int) }
        case "IsZero": return noArguments(name, result: "bool") { .bool(time.seconds == -62_135_596_800 && time.nanoseconds == 0) }
        case "Format":
            return TemplateFunction(name, parameters: [.string], result: "string") { _, args in
                guard case .string(let layout, _) = args[0] else { return .string("") }
                return .string(time.format(layout))
            }
        case "Add":
            return TemplateFunction(name, parameters: [.named("time.Duration", nillable: false)], result: "time.Time") { _, args in
                guard case .duration(let d) = args[0] else { return .time(plain) }
                return .time(GoTime(seconds: time.seconds, nanoseconds: time.nanoseconds &+ d, zone: time.zone))
            }
        default: return nil
        }
    }

    private static func durationMethod(_ name: String, _ nanos: Int64) -> TemplateFunction? {
        switch name {
        case "Seconds": return noArguments(name, result: "float64") { .float(Double(nanos / 1_000_000_000) + Double(nanos % 1_000_000_000) / 1e9) }
        case "Minutes": return noArguments(name, result: "float64") { .float(Double(nanos / 60_000_000_000) + Double(nanos % 60_000_000_000) / 60e9) }
        case "Hours": return noArguments(name, result: "float64") { .float(Double(nanos / 3_600_000_000_000) + Double(nanos % 3_600_000_000_000) / 3600e9) }
        case "Milliseconds": return noArguments(name, result: "int64") { .int(nanos / 1_000_000, .int64) }
        case "Microseconds": return noArguments(name, result: "int64") { .int(nanos / 1000, .int64) }
        case "Nanoseconds": return noArguments(name, result: "int64") { .int(nanos, .int64) }
        case "String": return noArguments(name, result: "string") { .string(GoDuration.format(nanos)) }
        default: return nil
        }
    }
}
