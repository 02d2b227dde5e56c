import VigilCore

/// Go's reference-time layouts (`2006-01-02 15:04:05 -0700 MST`) for
/// `Time.Format` and `time.Parse`, used by Loki's `date`, `toDate` and
/// `toDateInZone` and by `Time.String()`.
enum LayoutToken: Equatable {
    case literal([UInt8])
    case longMonth, month, numMonth, zeroMonth
    case longWeekDay, weekDay
    case day, underDay, zeroDay, underYearDay, zeroYearDay
    case hour, hour12, zeroHour12
    case minute, zeroMinute, second, zeroSecond
    case longYear, year
    case pm, lowerPM
    case tz
    case iso8601TZ, iso8601SecondsTZ, iso8601ShortTZ, iso8601ColonTZ, iso8601ColonSecondsTZ
    case numTZ, numSecondsTZ, numShortTZ, numColonTZ, numColonSecondsTZ
    /// `.000` (fixed digits) or `.999` (trailing zeros trimmed); `separator` is `.` or `,`.
    case fraction(digits: Int, trim: Bool, separator: UInt8)
}

enum GoLayout {
    static let longMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]
    static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func tokenize(_ layout: String) -> [LayoutToken] {
        let l = Array(layout.utf8)
        var tokens: [LayoutToken] = []
        var literal: [UInt8] = []
        var i = 0
        func has(_ s: String, at index: Int) -> Bool {
            let p = Array(s.utf8)
            return index + p.count <= l.count && Array(l[index..<index + p.count]) == p
        }
        func isDigit(_ index: Int) -> Bool { index < l.count && l[index] >= 0x30 && l[index] <= 0x39 }
        func emit(_ token: LayoutToken, _ length: Int) {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
            tokens.append(token)
            i += length
        }
        while i < l.count {
            let c = l[i]
            switch c {
            case UInt8(ascii: "J"):
                if has("January", at: i) { emit(.longMonth, 7); continue }
                if has("Jan", at: i) { emit(.month, 3); continue }
            case UInt8(ascii: "M"):
                if has("Monday", at: i) { emit(.longWeekDay, 6); continue }
                if has("Mon", at: i) { emit(.weekDay, 3); continue }
                if has("MST", at: i) { emit(.tz, 3); continue }
            case UInt8(ascii: "0"):
                if i + 1 < l.count, l[i + 1] >= UInt8(ascii: "1"), l[i + 1] <= UInt8(ascii: "6") {
                    let map: [LayoutToken] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    emit(map[Int(l[i + 1] - UInt8(ascii: "1"))], 2); continue
                }
                if has("002", at: i) { emit(.zeroYearDay, 3); continue }
            case UInt8(ascii: "1"):
                if has("15", at: i) { emit(.hour, 2); continue }
                emit(.numMonth, 1); continue
            case UInt8(ascii: "2"):
                if has("2006", at: i) { emit(.longYear, 4); continue }
                emit(.day, 1); continue
            case UInt8(ascii: "_"):
                if has("_2", at: i) {
                    if has("_2006", at: i) { literal.append(c); i += 1; emit(.longYear, 4); continue }
                    emit(.underDay, 2); continue
                }
                if has("__2", at: i) { emit(.underYearDay, 3); continue }
            case UInt8(ascii: "3"): emit(.hour12, 1); continue
            case UInt8(ascii: "4"): emit(.minute, 1); continue
            case UInt8(ascii: "5"): emit(.second, 1); continue
            case UInt8(ascii: "P"):
                if has("PM", at: i) { emit(.pm, 2); continue }
            case UInt8(ascii: "p"):
                if has("pm", at: i) { emit(.lowerPM, 2); continue }
            case UInt8(ascii: "-"):
                if has("-070000", at: i) { emit(.numSecondsTZ, 7); continue }
                if has("-07:00:00", at: i) { emit(.numColonSecondsTZ, 9); continue }
                if has("-0700", at: i) { emit(.numTZ, 5); continue }
                if has("-07:00", at: i) { emit(.numColonTZ, 6); continue }
                if has("-07", at: i) { emit(.numShortTZ, 3); continue }
            case UInt8(ascii: "Z"):
                if has("Z070000", at: i) { emit(.iso8601SecondsTZ, 7); continue }
                if has("Z07:00:00", at: i) { emit(.iso8601ColonSecondsTZ, 9); continue }
                if has("Z0700", at: i) { emit(.iso8601TZ, 5); continue }
                if has("Z07:00", at: i) { emit(.iso8601ColonTZ, 6); continue }
                if has("Z07", at: i) { emit(.iso8601ShortTZ, 3); continue }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if i + 1 < l.count, l[i + 1] == UInt8(ascii: "0") || l[i + 1] == UInt8(ascii: "9") {
                    let digit = l[i + 1]
                    var j = i + 1
                    while j < l.count, l[j] == digit { j += 1 }
                    if !isDigit(j) {
                        emit(.fraction(digits: j - i - 1, trim: digit == UInt8(ascii: "9"), separator: c), j - i)
                        continue
                    }
                }
            default: break
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return tokens
    }

    // MARK: Formatting

    static func format(_ time: GoTime, layout: String) -> String {
        let c = time.civil
        var out: [UInt8] = []
        func pad(_ value: Int64, _ width: Int, _ fill: UInt8 = UInt8(ascii: "0")) {
            let digits = Array(String(value.magnitude).utf8)
            if value < 0 { out.append(UInt8(ascii: "-")) }
            if digits.count < width { out.append(contentsOf: repeatElement(fill, count: width - digits.count)) }
            out.append(contentsOf: digits)
        }
        func zone(colon: Bool, seconds: Bool, short: Bool, z: Bool) {
            let offset = time.zone.offsetSeconds
            if z && offset == 0 { out.append(UInt8(ascii: "Z")); return }
            var minutes = offset / 60
            out.append(minutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            if minutes < 0 { minutes = -minutes }
            pad(Int64(minutes / 60), 2)
            if short { return }
            if colon { out.append(UInt8(ascii: ":")) }
            pad(Int64(minutes % 60), 2)
            if seconds {
                if colon { out.append(UInt8(ascii: ":")) }
                pad(Int64(abs(offset) % 60), 2)
            }
        }
        for token in tokenize(layout) {
            switch token {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .longYear: pad(c.year, 4)
            case .year: pad(((c.year % 100) + 100) % 100, 2)
            case .longMonth: out.append(contentsOf: longMonthNames[c.month - 1].utf8)
            case .month: out.append(contentsOf: longMonthNames[c.month - 1].prefix(3).utf8)
            case .numMonth: pad(Int64(c.month), 0)
            case .zeroMonth: pad(Int64(c.month), 2)
            case .longWeekDay: out.append(contentsOf: longDayNames[c.weekday].utf8)
            case .weekDay: out.append(contentsOf: longDayNames[c.weekday].prefix(3).utf8)
            case .day: pad(Int64(c.day), 0)
            case .underDay: pad(Int64(c.day), 2, UInt8(ascii: " "))
            case .zeroDay: pad(Int64(c.day), 2)
            case .underYearDay: pad(Int64(c.yearDay), 3, UInt8(ascii: " "))
            case .zeroYearDay: pad(Int64(c.yearDay), 3)
            case .hour: pad(Int64(c.hour), 2)
            case .hour12: pad(Int64(c.hour % 12 == 0 ? 12 : c.hour % 12), 0)
            case .zeroHour12: pad(Int64(c.hour % 12 == 0 ? 12 : c.hour % 12), 2)
            case .minute: pad(Int64(c.minute), 0)
            case .zeroMinute: pad(Int64(c.minute), 2)
            case .second: pad(Int64(c.second), 0)
            case .zeroSecond: pad(Int64(c.second), 2)
            case .pm: out.append(contentsOf: (c.hour >= 12 ? "PM" : "AM").utf8)
            case .lowerPM: out.append(contentsOf: (c.hour >= 12 ? "pm" : "am").utf8)
            case .tz:
                if !time.zone.name.isEmpty {
                    out.append(contentsOf: time.zone.name.utf8)
                } else {
                    zone(colon: false, seconds: false, short: false, z: false)
                }
            case .numTZ: zone(colon: false, seconds: false, short: false, z: false)
            case .numSecondsTZ: zone(colon: false, seconds: true, short: false, z: false)
            case .numShortTZ: zone(colon: false, seconds: false, short: true, z: false)
            case .numColonTZ: zone(colon: true, seconds: false, short: false, z: false)
            case .numColonSecondsTZ: zone(colon: true, seconds: true, short: false, z: false)
            case .iso8601TZ: zone(colon: false, seconds: false, short: false, z: true)
            case .iso8601SecondsTZ: zone(colon: false, seconds: true, short: false, z: true)
            case .iso8601ShortTZ: zone(colon: false, seconds: false, short: true, z: true)
            case .iso8601ColonTZ: zone(colon: true, seconds: false, short: false, z: true)
            case .iso8601ColonSecondsTZ: zone(colon: true, seconds: true, short: false, z: true)
            case .fraction(let digits, let trim, let separator):
                var fractionDigits = Array(String(time.nanoseconds).utf8)
                fractionDigits = Array(repeating: UInt8(ascii: "0"), count: 9 - fractionDigits.count) + fractionDigits
                var shown = Array(fractionDigits.prefix(min(digits, 9)))
                if trim {
                    while let last = shown.last, last == UInt8(ascii: "0") { shown.removeLast() }
                    if shown.isEmpty { continue }
                }
                out.append(separator)
                out.append(contentsOf: shown)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Parsing

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Go's `time.ParseInLocation(layout, value, zone)`.
    static func parse(layout: String, value: String, defaultZone: (Int64) -> GoTime.Zone) throws -> GoTime {
        let v = Array(value.utf8)
        var i = 0
        var year: Int64 = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var nanos: Int64 = 0
        var pmSet: Bool? = nil
        var offset: Int? = nil
        var zoneName: String? = nil
        func fail() -> ParseError {
            ParseError(description: "parsing time \(GoString.quote(value)) as \(GoString.quote(layout)): cannot parse")
        }
        func number(min minDigits: Int, max maxDigits: Int) throws -> Int64 {
            var n: Int64 = 0
            var count = 0
            while i < v.count, count < maxDigits, v[i] >= 0x30, v[i] <= 0x39 {
                n = n * 10 + Int64(v[i] - 0x30); i += 1; count += 1
            }
            if count < minDigits { throw fail() }
            return n
        }
        func fractionNanos() throws -> Int64 {
            var n: Int64 = 0
            var count = 0
            while i < v.count, v[i] >= 0x30, v[i] <= 0x39 {
                if count < 9 { n = n * 10 + Int64(v[i] - 0x30) }
                count += 1; i += 1
            }
            if count == 0 { throw fail() }
            for _ in count..<max(count, 9) { n *= 10 }
            return n
        }
        func lookup(_ names: [String], length: Int?) throws -> Int {
            for (index, name) in names.enumerated() {
                let candidate = Array((length.map { String(name.prefix($0)) } ?? name).utf8)
                if i + candidate.count <= v.count,
                   String(decoding: v[i..<i + candidate.count], as: UTF8.self).lowercased()
                    == String(decoding: candidate, as: UTF8.self).lowercased() {
                    i += candidate.count
                    return index
                }
            }
            throw fail()
        }
        func parseOffset(colon: Bool, seconds: Bool, short: Bool, z: Bool) throws {
            if z, i < v.count, v[i] == UInt8(ascii: "Z") { i += 1; offset = 0; zoneName = "UTC"; return }
            guard i < v.count, v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-") else { throw fail() }
            let sign = v[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let h = try number(min: 2, max: 2)
            var m: Int64 = 0, s: Int64 = 0
            if !short {
                if colon { guard i < v.count, v[i] == UInt8(ascii: ":") else { throw fail() }; i += 1 }
                m = try number(min: 2, max: 2)
                if seconds {
                    if colon { guard i < v.count, v[i] == UInt8(ascii: ":") else { throw fail() }; i += 1 }
                    s = try number(min: 2, max: 2)
                }
            }
            offset = sign * Int(h * 3600 + m * 60 + s)
        }
        let tokens = tokenize(layout)
        for (tokenIndex, token) in tokens.enumerated() {
            switch token {
            case .literal(let bytes):
                guard i + bytes.count <= v.count, Array(v[i..<i + bytes.count]) == bytes else { throw fail() }
                i += bytes.count
            case .longYear: year = try number(min: 4, max: 4)
            case .year:
                let y = try number(min: 2, max: 2)
                year = y >= 69 ? 1900 + y : 2000 + y
            case .longMonth: month = try lookup(longMonthNames, length: nil) + 1
            case .month: month = try lookup(longMonthNames, length: 3) + 1
            case .numMonth: month = Int(try number(min: 1, max: 2))
            case .zeroMonth: month = Int(try number(min: 2, max: 2))
            case .longWeekDay: _ = try lookup(longDayNames, length: nil)
            case .weekDay: _ = try lookup(longDayNames, length: 3)
            case .day, .underDay, .zeroDay:
                if token == .underDay, i < v.count, v[i] == UInt8(ascii: " ") { i += 1 }
                day = Int(try number(min: token == .zeroDay ? 2 : 1, max: 2))
            case .underYearDay, .zeroYearDay:
                while token == .underYearDay, i < v.count, v[i] == UInt8(ascii: " ") { i += 1 }
                _ = try number(min: 1, max: 3)
            case .hour: hour = Int(try number(min: 2, max: 2))
            case .hour12: hour = Int(try number(min: 1, max: 2))
            case .zeroHour12: hour = Int(try number(min: 2, max: 2))
            case .minute: minute = Int(try number(min: 1, max: 2))
            case .zeroMinute: minute = Int(try number(min: 2, max: 2))
            case .second, .zeroSecond:
                second = Int(try number(min: token == .zeroSecond ? 2 : 1, max: 2))
                // Go accepts a fractional second after seconds even when the
                // layout has none, unless the layout itself continues with one.
                let nextIsFraction: Bool = {
                    if tokenIndex + 1 < tokens.count, case .fraction = tokens[tokenIndex + 1] { return true }
                    return false
                }()
                if !nextIsFraction, i + 1 < v.count, v[i] == UInt8(ascii: ".") || v[i] == UInt8(ascii: ","),
                   v[i + 1] >= 0x30, v[i + 1] <= 0x39 {
                    i += 1
                    nanos = try fractionNanos()
                }
            case .pm, .lowerPM:
                guard i + 2 <= v.count else { throw fail() }
                let text = String(decoding: v[i..<i + 2], as: UTF8.self).uppercased()
                guard text == "AM" || text == "PM" else { throw fail() }
                pmSet = text == "PM"
                i += 2
            case .tz:
                if i + 3 <= v.count, String(decoding: v[i..<i + 3], as: UTF8.self) == "UTC" {
                    zoneName = "UTC"; offset = 0; i += 3
                } else {
                    var j = i
                    while j < v.count, v[j] >= UInt8(ascii: "A"), v[j] <= UInt8(ascii: "Z") { j += 1 }
                    guard j - i >= 3 else { throw fail() }
                    zoneName = String(decoding: v[i..<j], as: UTF8.self)
                    i = j
                }
            case .numTZ: try parseOffset(colon: false, seconds: false, short: false, z: false)
            case .numSecondsTZ: try parseOffset(colon: false, seconds: true, short: false, z: false)
            case .numShortTZ: try parseOffset(colon: false, seconds: false, short: true, z: false)
            case .numColonTZ: try parseOffset(colon: true, seconds: false, short: false, z: false)
            case .numColonSecondsTZ: try parseOffset(colon: true, seconds: true, short: false, z: false)
            case .iso8601TZ: try parseOffset(colon: false, seconds: false, short: false, z: true)
            case .iso8601SecondsTZ: try parseOffset(colon: false, seconds: true, short: false, z: true)
            case .iso8601ShortTZ: try parseOffset(colon: false, seconds: false, short: true, z: true)
            case .iso8601ColonTZ: try parseOffset(colon: true, seconds: false, short: false, z: true)
            case .iso8601ColonSecondsTZ: try parseOffset(colon: true, seconds: true, short: false, z: true)
            case .fraction(let digits, let trim, let separator):
                if trim {
                    // .999: optional; any number of digits.
                    if i + 1 < v.count, v[i] == separator || v[i] == UInt8(ascii: ".") || v[i] == UInt8(ascii: ","),
                       v[i + 1] >= 0x30, v[i + 1] <= 0x39 {
                        i += 1
                        nanos = try fractionNanos()
                    }
                } else {
                    guard i < v.count, v[i] == separator else { throw fail() }
                    i += 1
                    let start = i
                    nanos = try fractionNanos()
                    if i - start != digits { throw fail() }
                }
            }
        }
        if i != v.count {
            throw ParseError(description: "parsing time \(GoString.quote(value)): extra text: \(GoString.quote(String(decoding: v[i...], as: UTF8.self)))")
        }
        if let pm = pmSet {
            if hour > 12 { throw fail() }
            if pm && hour < 12 { hour += 12 } else if !pm && hour == 12 { hour = 0 }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else {
            throw ParseError(description: "parsing time \(GoString.quote(value)): day out of range")
        }
        let days = GoTime.daysFromCivil(year, month, day)
        let wall = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if let offset {
            let name = zoneName ?? (offset == 0 ? "UTC" : "")
            return GoTime(seconds: wall - Int64(offset), nanoseconds: nanos, zone: .init(name: name, offsetSeconds: offset))
        }
        // No zone in the value: interpret the wall clock in the default zone.
        let zone = defaultZone(wall)
        let adjusted = defaultZone(wall - Int64(zone.offsetSeconds))
        return GoTime(seconds: wall - Int64(adjusted.offsetSeconds), nanoseconds: nanos, zone: adjusted)

    }
}

extension GoTime {
    /// Go's `Time.Format(layout)`.
    public func format(_ layout: String) -> String { GoLayout.format(self, layout: layout) }
}
