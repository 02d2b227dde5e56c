#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Go's `math` functions where their special cases differ from Swift's or C's.
enum GoMath {
    /// `math.Max`: +Inf wins, then NaN, and +0 beats -0.
    static func max(_ x: Double, _ y: Double) -> Double {
        if x.isInfinite && x > 0 || y.isInfinite && y > 0 { return .infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? y : x }
        return x > y ? x : y
    }

    /// `math.Min`: -Inf wins, then NaN, and -0 beats +0.
    static func min(_ x: Double, _ y: Double) -> Double {
        if x.isInfinite && x < 0 || y.isInfinite && y < 0 { return -.infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }

    /// `time.Unix(int64(v), 0).UTC()` broken down, for the date functions.
    /// Go converts out-of-range floats to the minimum int64.
    static func civil(_ seconds: Double) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int,
                                             weekday: Int, yearDay: Int) {
        let whole: Int64 = seconds.isNaN || seconds >= 9.2233720368547758e18 || seconds < -9.2233720368547758e18
            ? Int64.min : Int64(seconds)
        var days = whole / 86_400
        var rest = whole % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        // Civil from days (Howard Hinnant's algorithm), days since 1970-01-01.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        var weekday = Int((days + 4) % 7)
        if weekday < 0 { weekday += 7 }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        let yearDay = cumulative[month - 1] + day + (isLeap && month > 2 ? 1 : 0)
        return (year, month, day, Int(rest / 3600), Int(rest % 3600 / 60), weekday, yearDay)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
