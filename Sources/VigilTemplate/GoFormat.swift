import VigilCore

/// Go's `fmt` printing of template values: `Sprint`, `Sprintln` and
/// `Sprintf` with the verbs templates use (`%v %s %d %f %e %g %q %x %X %t
/// %c %o %b %U %T %%`), widths, precisions and the flags `-+ 0#`, including
/// Go's `%!d(string=x)` / `%!d(MISSING)` / `%!(EXTRA ...)` error forms.
enum GoFormat {
    // MARK: Sprint / Sprintln

    /// `fmt.Sprint`: operands separated by a space when neither is a string.
    static func sprint(_ values: [TemplateValue], into out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0, !isStringKind(values[index - 1]), !isStringKind(value) { out.append(0x20) }
            formatV(value, into: &out)
        }
    }

    /// `fmt.Sprintln`: always a space between operands, and a newline.
    static func sprintln(_ values: [TemplateValue], into out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x20) }
            formatV(value, into: &out)
        }
        out.append(0x0A)
    }

    static func isStringKind(_ value: TemplateValue) -> Bool {
        if case .string = value { return true }
        return false
    }

    /// `%v` of one value (`fmt.Fprint` of a single operand).
    static func formatV(_ value: TemplateValue, into out: inout [UInt8], depth: Int = 0) {
        switch value {
        case .none: out.append(contentsOf: "<nil>".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i, let type):
            if type.isUnsigned { out.append(contentsOf: String(UInt64(bitPattern: i)).utf8) }
            else { out.append(contentsOf: String(i).utf8) }
        case .float(let f): out.append(contentsOf: GoFloat.formatV(f).utf8)
        case .string(let s, _): out.append(contentsOf: s.utf8)
        case .list(let list):
            out.append(UInt8(ascii: "["))
            for (index, element) in list.elements.enumerated() {
                if index > 0 { out.append(0x20) }
                formatV(element, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let map):
            out.append(contentsOf: "map[".utf8)
            for index in 0..<map.count {
                if index > 0 { out.append(0x20) }
                out.append(contentsOf: map.keys[index].utf8)
                out.append(UInt8(ascii: ":"))
                formatV(map.values[index], into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .record(let record):
            if record.isNilPointer { out.append(contentsOf: "<nil>".utf8); return }
            if record.isPointer { out.append(UInt8(ascii: "&")) }
            out.append(UInt8(ascii: "{"))
            for (index, field) in record.fieldValues.enumerated() {
                if index > 0 { out.append(0x20) }
                formatV(field, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        case .time(let time): out.append(contentsOf: time.description.utf8)
        case .duration(let nanos): out.append(contentsOf: GoDuration.format(nanos).utf8)
        case .function(let function): out.append(contentsOf: "func \(function.name)".utf8)
        }
    }

    static func sprintV(_ value: TemplateValue) -> String {
        var out: [UInt8] = []
        formatV(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Sprintf

    struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int? = nil
        var precision: Int? = nil
        var verb: UInt8 = 0
    }

    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var out: [UInt8] = []
        sprintf(format, args, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func sprintf(_ format: String, _ args: [TemplateValue], into out: inout [UInt8]) {
        let f = Array(format.utf8)
        var argIndex = 0
        var i = 0
        while i < f.count {
            let literalStart = i
            while i < f.count, f[i] != UInt8(ascii: "%") { i += 1 }
            if i > literalStart { out.append(contentsOf: f[literalStart..<i]) }
            if i >= f.count { break }
            i += 1  // past '%'
            var spec = Spec()
            flags: while i < f.count {
                switch f[i] {
                case UInt8(ascii: "#"): spec.sharp = true
                case UInt8(ascii: "0"): spec.zero = !spec.minus
                case UInt8(ascii: "+"): spec.plus = true
                case UInt8(ascii: "-"): spec.minus = true; spec.zero = false
                case UInt8(ascii: " "): spec.space = true
                default: break flags
                }
                i += 1
            }
            // Width: digits or '*'.
            if i < f.count, f[i] == UInt8(ascii: "*") {
                i += 1
                if argIndex < args.count, case .int(let w, _) = args[argIndex] {
                    spec.width = Int(clamping: w)
                    if w < 0 { spec.minus = true; spec.zero = false; spec.width = Int(clamping: -w) }
                } else {
                    out.append(contentsOf: "%!(BADWIDTH)".utf8)
                }
                argIndex += 1
            } else {
                var width = 0, sawDigit = false
                while i < f.count, f[i] >= 0x30, f[i] <= 0x39, width < 1_000_000 {
                    width = width * 10 + Int(f[i] - 0x30); i += 1; sawDigit = true
                }
                if sawDigit { spec.width = width }
            }
            if i < f.count, f[i] == UInt8(ascii: ".") {
                i += 1
                if i < f.count, f[i] == UInt8(ascii: "*") {
                    i += 1
                    if argIndex < args.count, case .int(let p, _) = args[argIndex], p >= 0 {
                        spec.precision = Int(clamping: p)
                    } else {
                        out.append(contentsOf: "%!(BADPREC)".utf8)
                    }
                    argIndex += 1
                } else {
                    var precision = 0
                    while i < f.count, f[i] >= 0x30, f[i] <= 0x39, precision < 1_000_000 {
                        precision = precision * 10 + Int(f[i] - 0x30); i += 1
                    }
                    spec.precision = precision
                }
            }
            guard i < f.count else {
                out.append(contentsOf: "%!(NOVERB)".utf8)
                break
            }
            // The verb is one rune.
            let (verbScalar, verbWidth) = Lexer.decode(f, at: i)
            i += verbWidth
            if verbScalar == UInt32(UInt8(ascii: "%")) {
                out.append(UInt8(ascii: "%"))
                continue
            }
            guard verbScalar < 0x80 else {
                let verbText = String(decoding: f[(i - verbWidth)..<i], as: UTF8.self)
                if argIndex < args.count {
                    out.append(contentsOf: "%!\(verbText)(\(args[argIndex].typeName)=\(sprintV(args[argIndex])))".utf8)
                    argIndex += 1
                } else {
                    out.append(contentsOf: "%!\(verbText)(MISSING)".utf8)
                }
                continue
            }
            spec.verb = UInt8(verbScalar)
            guard argIndex < args.count else {
                out.append(contentsOf: "%!".utf8)
                out.append(spec.verb)
                out.append(contentsOf: "(MISSING)".utf8)
                continue
            }
            let arg = args[argIndex]
            argIndex += 1
            formatArgument(arg, spec, into: &out)
        }
        if argIndex < args.count {
            out.append(contentsOf: "%!(EXTRA ".utf8)
            for (index, arg) in args[argIndex...].enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                if arg.isNone {
                    out.append(contentsOf: "<nil>".utf8)
                } else {
                    out.append(contentsOf: arg.typeName.utf8)
                    out.append(UInt8(ascii: "="))
                    formatV(arg, into: &out)
                }
            }
            out.append(UInt8(ascii: ")"))
        }
    }

    private static func badVerb(_ value: TemplateValue, _ spec: Spec, into out: inout [UInt8]) {
        out.append(contentsOf: "%!".utf8)
        out.append(spec.verb)
        out.append(UInt8(ascii: "("))
        if value.isNone {
            out.append(contentsOf: "<nil>".utf8)
        } else {
            out.append(contentsOf: value.typeName.utf8)
            out.append(UInt8(ascii: "="))
            formatV(value, into: &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    static func formatArgument(_ value: TemplateValue, _ spec: Spec, into out: inout [UInt8]) {
        let verb = spec.verb
        if verb == UInt8(ascii: "T") {
            pad(Array((value.isNone ? "<nil>" : value.typeName).utf8), spec, into: &out)
            return
        }
        switch value {
        case .none:
            if verb == UInt8(ascii: "v") { pad(Array("<nil>".utf8), spec, into: &out) } else { badVerb(value, spec, into: &out) }
        case .bool(let b):
            if verb == UInt8(ascii: "v") || verb == UInt8(ascii: "t") {
                pad(Array((b ? "true" : "false").utf8), spec, into: &out)
            } else { badVerb(value, spec, into: &out) }
        case .int(let i, let type):
            formatInteger(i, unsigned: type.isUnsigned, spec, value: value, into: &out)
        case .duration(let nanos):
            switch verb {
            case UInt8(ascii: "v"), UInt8(ascii: "s"), UInt8(ascii: "q"), UInt8(ascii: "x"), UInt8(ascii: "X"):
                formatString(GoDuration.format(nanos), spec, into: &out)
            default:
                formatInteger(nanos, unsigned: false, spec, value: value, into: &out)
            }
        case .float(let f):
            formatFloat(f, spec, value: value, into: &out)
        case .string(let s, _):
            switch verb {
            case UInt8(ascii: "v"), UInt8(ascii: "s"), UInt8(ascii: "q"), UInt8(ascii: "x"), UInt8(ascii: "X"):
                formatString(s, spec, into: &out)
            default: badVerb(value, spec, into: &out)
            }
        case .time(let time):
            switch verb {
            case UInt8(ascii: "v"), UInt8(ascii: "s"), UInt8(ascii: "q"), UInt8(ascii: "x"), UInt8(ascii: "X"):
                formatString(time.description, spec, into: &out)
            default: badVerb(value, spec, into: &out)
            }
        case .list(let list):
            // fmt applies the verb to each element.
            out.append(UInt8(ascii: "["))
            for (index, element) in list.elements.enumerated() {
                if index > 0 { out.append(0x20) }
                formatArgument(element, spec, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let map):
            out.append(contentsOf: "map[".utf8)
            for index in 0..<map.count {
                if index > 0 { out.append(0x20) }
                formatArgument(.string(map.keys[index]), spec, into: &out)
                out.append(UInt8(ascii: ":"))
                formatArgument(map.values[index], spec, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .record(let record):
            if record.isNilPointer {
                if verb == UInt8(ascii: "v") || verb == UInt8(ascii: "s") { pad(Array("<nil>".utf8), spec, into: &out) }
                else { badVerb(value, spec, into: &out) }
                return
            }
            if record.isPointer { out.append(UInt8(ascii: "&")) }
            out.append(UInt8(ascii: "{"))
            for (index, field) in record.fieldValues.enumerated() {
                if index > 0 { out.append(0x20) }
                if spec.plus && verb == UInt8(ascii: "v") {
                    out.append(contentsOf: record.fieldNames[index].utf8)
                    out.append(UInt8(ascii: ":"))
                }
                formatArgument(field, spec, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .function:
            if verb == UInt8(ascii: "v") { pad(Array(sprintV(value).utf8), spec, into: &out) } else { badVerb(value, spec, into: &out) }
        }
    }

    // MARK: Padding

    /// Pads `bytes` to the width (counted in runes) with spaces, or zeros
    /// when the `0` flag is set.
    static func pad(_ bytes: [UInt8], _ spec: Spec, zeroAllowed: Bool = true, into out: inout [UInt8]) {
        guard let width = spec.width else { out.append(contentsOf: bytes); return }
        let runes = bytes.reduce(0) { $0 + (($1 & 0xC0) != 0x80 ? 1 : 0) }
        let padding = width - runes
        guard padding > 0 else { out.append(contentsOf: bytes); return }
        if spec.minus {
            out.append(contentsOf: bytes)
            out.append(contentsOf: repeatElement(0x20, count: padding))
        } else {
            out.append(contentsOf: repeatElement(spec.zero && zeroAllowed ? UInt8(ascii: "0") : 0x20, count: padding))
            out.append(contentsOf: bytes)
        }
    }

    /// Pads a signed number: zeros go after the sign.
    private static func padNumber(_ sign: [UInt8], _ digits: [UInt8], _ spec: Spec, into out: inout [UInt8]) {
        if spec.zero, !spec.minus, let width = spec.width, width > sign.count + digits.count {
            out.append(contentsOf: sign)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - sign.count - digits.count))
            out.append(contentsOf: digits)
            return
        }
        var spec = spec
        spec.zero = false
        pad(sign + digits, spec, into: &out)
    }

    // MARK: Integers

    private static func formatInteger(_ i: Int64, unsigned: Bool, _ spec: Spec, value: TemplateValue,
                                      into out: inout [UInt8]) {
        let negative = !unsigned && i < 0
        let magnitude: UInt64 = unsigned ? UInt64(bitPattern: i) : i.magnitude
        var digits: [UInt8]
        var prefix: [UInt8] = []
        switch spec.verb {
        case UInt8(ascii: "d"), UInt8(ascii: "v"): digits = Array(String(magnitude).utf8)
        case UInt8(ascii: "x"):
            digits = Array(String(magnitude, radix: 16).utf8)
            if spec.sharp { prefix = Array("0x".utf8) }
        case UInt8(ascii: "X"):
            digits = Array(String(magnitude, radix: 16, uppercase: true).utf8)
            if spec.sharp { prefix = Array("0X".utf8) }
        case UInt8(ascii: "o"):
            digits = Array(String(magnitude, radix: 8).utf8)
            if spec.sharp { prefix = Array("0".utf8) }
        case UInt8(ascii: "O"):
            digits = Array(String(magnitude, radix: 8).utf8)
            prefix = Array("0o".utf8)
        case UInt8(ascii: "b"): digits = Array(String(magnitude, radix: 2).utf8)
        case UInt8(ascii: "c"):
            let scalar = magnitude <= 0x10FFFF ? Unicode.Scalar(UInt32(magnitude)) ?? "\u{FFFD}" : "\u{FFFD}"
            pad(Array(String(Character(scalar)).utf8), spec, into: &out)
            return
        case UInt8(ascii: "q"):
            let scalar = magnitude <= 0x10FFFF ? Unicode.Scalar(UInt32(magnitude)) ?? "\u{FFFD}" : "\u{FFFD}"
            pad(Array(GoString.quote(String(Character(scalar)), quote: "'").utf8), spec, into: &out)
            return
        case UInt8(ascii: "U"):
            var hex = String(magnitude, radix: 16, uppercase: true)
            if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
            pad(Array(("U+" + hex).utf8), spec, into: &out)
            return
        default:
            badVerb(value, spec, into: &out)
            return
        }
        if let precision = spec.precision {
            if precision == 0 && magnitude == 0 { digits = [] }
            if digits.count < precision {
                digits = Array(repeating: UInt8(ascii: "0"), count: precision - digits.count) + digits
            }
        }
        var sign: [UInt8] = []
        if negative { sign = [UInt8(ascii: "-")] } else if spec.plus { sign = [UInt8(ascii: "+")] }
        else if spec.space { sign = [0x20] }
        var numberSpec = spec
        if spec.precision != nil { numberSpec.zero = false }
        padNumber(sign + prefix, digits, numberSpec, into: &out)
    }

    // MARK: Floats

    private static func formatFloat(_ f: Double, _ spec: Spec, value: TemplateValue, into out: inout [UInt8]) {
        let verb = spec.verb
        let format: GoFloat.Format
        switch verb {
        case UInt8(ascii: "v"), UInt8(ascii: "g"): format = .g
        case UInt8(ascii: "G"): format = .upperG
        case UInt8(ascii: "e"): format = .e
        case UInt8(ascii: "E"): format = .upperE
        case UInt8(ascii: "f"), UInt8(ascii: "F"): format = .f
        default:
            badVerb(value, spec, into: &out)
            return
        }
        if f.isNaN || f.isInfinite {
            var text = f.isNaN ? "NaN" : (f < 0 ? "-Inf" : "+Inf")
            if f.isNaN && spec.plus { text = "+NaN" } else if f.isNaN && spec.space { text = " NaN" }
            else if f > 0 && !spec.plus { text = spec.space ? " Inf" : "+Inf" }
            var noZero = spec
            noZero.zero = false
            pad(Array(text.utf8), noZero, into: &out)
            return
        }
        var precision = spec.precision
        if precision == nil, format == .e || format == .upperE || format == .f { precision = 6 }
        var text = GoFloat.format(f.magnitude, format, precision: precision)
        if spec.sharp, format == .g || format == .upperG, !text.contains(".") && !text.contains("e") && !text.contains("E") {
            text += "."
        }
        var sign: [UInt8] = []
        if f.sign == .minus { sign = [UInt8(ascii: "-")] } else if spec.plus { sign = [UInt8(ascii: "+")] }
        else if spec.space { sign = [0x20] }
        padNumber(sign, Array(text.utf8), spec, into: &out)
    }

    // MARK: Strings

    private static func formatString(_ s: String, _ spec: Spec, into out: inout [UInt8]) {
        var s = s
        if let precision = spec.precision, spec.verb != UInt8(ascii: "x"), spec.verb != UInt8(ascii: "X") {
            var truncated = ""
            var count = 0
            for scalar in s.unicodeScalars {
                if count == precision { break }
                truncated.unicodeScalars.append(scalar)
                count += 1
            }
            s = truncated
        }
        switch spec.verb {
        case UInt8(ascii: "q"):
            if spec.sharp, !s.contains("`"), s.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) {
                pad(Array(("`" + s + "`").utf8), spec, into: &out)
            } else {
                pad(Array(GoString.quote(s).utf8), spec, into: &out)
            }
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            var bytes = Array(s.utf8)
            if let precision = spec.precision, bytes.count > precision { bytes = Array(bytes.prefix(precision)) }
            let digits = Array((spec.verb == UInt8(ascii: "x") ? "0123456789abcdef" : "0123456789ABCDEF").utf8)
            var hex: [UInt8] = []
            for (index, byte) in bytes.enumerated() {
                if spec.space, index > 0 { hex.append(0x20) }
                if spec.sharp, index == 0 || spec.space {
                    hex.append(UInt8(ascii: "0")); hex.append(spec.verb)
                }
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0F)])
            }
            pad(hex, spec, into: &out)
        default:
            pad(Array(s.utf8), spec, into: &out)
        }
    }
}
