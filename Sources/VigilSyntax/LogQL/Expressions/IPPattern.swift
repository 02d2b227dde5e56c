import VigilCore

/// An IP address as Go's `netip.Addr` holds it: IPv4 or IPv6 (IPv4-mapped
/// IPv6 addresses stay IPv6, as in Go), with an optional zone.
public struct IPAddress: Hashable, Sendable, Comparable {
    /// The 128 address bits; IPv4 uses the low 32.
    public var high: UInt64
    public var low: UInt64
    public var isIPv4: Bool
    public var zone: String

    /// Go's `Addr.Compare`: by bit length, then bits, then zone.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.isIPv4 != rhs.isIPv4 { return lhs.isIPv4 }
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        if lhs.low != rhs.low { return lhs.low < rhs.low }
        return lhs.zone.utf8.lexicographicallyPrecedes(rhs.zone.utf8)
    }

    /// `netip.ParseAddr` over bytes (no zone allowed here: Loki's line scan
    /// never includes `%`); nil when invalid.
    public static func parse<C: Collection>(_ text: C) -> IPAddress? where C.Element == UInt8 {
        let bytes = Array(text)
        if bytes.contains(UInt8(ascii: ":")) { return parseIPv6(bytes) }
        guard let value = parseIPv4(bytes[...]) else { return nil }
        return IPAddress(high: 0, low: UInt64(value), isIPv4: true, zone: "")
    }

    /// `netip.ParseAddr` of a pattern, zone included.
    static func parse(text: String) -> IPAddress? {
        let bytes = Array(text.utf8)
        if let percent = bytes.firstIndex(of: UInt8(ascii: "%")) {
            guard bytes.contains(UInt8(ascii: ":")), percent + 1 < bytes.count,
                  var address = parseIPv6(Array(bytes[..<percent])) else { return nil }
            address.zone = String(decoding: bytes[(percent + 1)...], as: UTF8.self)
            return address
        }
        return parse(bytes)
    }

    /// Four decimal fields 0-255 without leading zeros.
    static func parseIPv4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var fields = 0
        var index = bytes.startIndex
        while fields < 4 {
            var field = 0
            var digits = 0
            let fieldStart = index
            while index < bytes.endIndex, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                field = field * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
                if field > 255 { return nil }
            }
            if digits == 0 || (digits > 1 && bytes[fieldStart] == 0x30) { return nil }
            value = value << 8 | UInt32(field)
            fields += 1
            if fields < 4 {
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        return index == bytes.endIndex ? value : nil
    }

    /// Up to eight groups of one to four hex digits, one `::`, an optional
    /// trailing dotted IPv4.
    static func parseIPv6(_ bytes: [UInt8]) -> IPAddress? {
        var groups: [UInt16] = []
        var ellipsis: Int? = nil
        var index = 0
        if bytes.count >= 2, bytes[0] == UInt8(ascii: ":"), bytes[1] == UInt8(ascii: ":") {
            ellipsis = 0
            index = 2
            if index == bytes.count { return IPAddress(high: 0, low: 0, isIPv4: false, zone: "") }
        }
        while index < bytes.count {
            var value = 0
            var digits = 0
            let start = index
            while index < bytes.count, hexDigit(bytes[index]) != nil, digits < 5 {
                value = value * 16 + (hexDigit(bytes[index]) ?? 0)
                digits += 1
                index += 1
            }
            if digits == 0 { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                // Embedded IPv4 in the last 32 bits.
                guard ellipsis != nil || groups.count == 6, groups.count <= 6,
                      let v4 = parseIPv4(bytes[start...]) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                index = bytes.count
                break
            }
            if digits > 4 { return nil }
            groups.append(UInt16(value))
            if groups.count > 8 { return nil }
            if index == bytes.count { break }
            guard bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                if ellipsis != nil { return nil }
                ellipsis = groups.count
                index += 1
                if index == bytes.count { break }
            } else if index == bytes.count {
                return nil
            }
        }
        if let ellipsis {
            guard groups.count < 8 else { return nil }
            let missing = 8 - groups.count
            groups.insert(contentsOf: repeatElement(0, count: missing), at: ellipsis)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for group in groups[0..<4] { high = high << 16 | UInt64(group) }
        for group in groups[4..<8] { low = low << 16 | UInt64(group) }
        return IPAddress(high: high, low: low, isIPv4: false, zone: "")
    }

    static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        default: return nil
        }
    }
}

/// The argument of `ip("...")`: one address, a CIDR prefix or a range
/// `from-to`, tried in that order as Loki does (`netip.ParseAddr`,
/// `netip.ParsePrefix`, `netipx.ParseIPRange`).
public enum IPPattern: Hashable, Sendable {
    case address(IPAddress)
    case prefix(IPAddress, bits: Int)
    case range(IPAddress, IPAddress)

    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let message: String
        public var description: String { message }
    }

    public static func parse(_ text: String) throws(ParseError) -> IPPattern {
        if let address = IPAddress.parse(text: text) { return .address(address) }
        let bytes = Array(text.utf8)
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")), !bytes.contains(UInt8(ascii: "%")),
           let address = IPAddress.parse(bytes[..<slash]) {
            let bitsText = bytes[(slash + 1)...]
            let maximum = address.isIPv4 ? 32 : 128
            if !bitsText.isEmpty, bitsText.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
               bitsText.count == 1 || bitsText.first != 0x30, bitsText.count <= 3,
               let bits = Int(String(decoding: bitsText, as: UTF8.self)), bits <= maximum {
                return .prefix(address, bits: bits)
            }
        }
        if let dash = bytes.firstIndex(of: UInt8(ascii: "-")),
           let from = IPAddress.parse(text: String(decoding: bytes[..<dash], as: UTF8.self)),
           let to = IPAddress.parse(text: String(decoding: bytes[(dash + 1)...], as: UTF8.self)),
           from.zone.isEmpty, to.zone.isEmpty, from.isIPv4 == to.isIPv4, !(to < from) {
            return .range(from, to)
        }
        throw ParseError(message: "ip: invalid pattern: \(GoString.quote(text))")
    }

    /// Whether `address` is this address, in this prefix or in this range.
    public func contains(_ address: IPAddress) -> Bool {
        switch self {
        case .address(let single):
            return single == address
        case .prefix(let base, let bits):
            guard base.isIPv4 == address.isIPv4, address.zone.isEmpty else { return false }
            if base.isIPv4 {
                let mask: UInt64 = bits == 0 ? 0 : (UInt64(0xFFFF_FFFF) << (32 - bits)) & 0xFFFF_FFFF
                return base.low & mask == address.low & mask
            }
            let highMask: UInt64 = bits >= 64 ? .max : (bits == 0 ? 0 : ~UInt64(0) << (64 - bits))
            let lowMask: UInt64 = bits <= 64 ? 0 : (bits == 128 ? .max : ~UInt64(0) << (128 - bits))
            return base.high & highMask == address.high & highMask && base.low & lowMask == address.low & lowMask
        case .range(let from, let to):
            return from.isIPv4 == address.isIPv4 && !(address < from) && !(to < address)
        }
    }
}
