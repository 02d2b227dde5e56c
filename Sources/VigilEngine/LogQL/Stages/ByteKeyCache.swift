/// An open-addressing hash table keyed by byte strings, looked up with a
/// buffer pointer so no key is allocated on a hit: parsers map each raw key
/// of a line to its label id without creating a string.
struct ByteKeyCache<Value> {
    private var keys: [UInt8] = []
    private var slots: [Slot]
    private var count = 0
    /// Loki bounds its interned keys too; past this, lookups miss and callers compute.
    let capacity: Int

    private struct Slot {
        var hash: UInt64 = 0
        var keyStart: Int32 = -1
        var keyLength: Int32 = 0
        var value: Value? = nil
    }

    init(capacity: Int = 4096) {
        self.capacity = capacity
        slots = Array(repeating: Slot(), count: 64)
    }

    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        // FNV-1a; keys are short label names.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash | 1
    }

    @inline(__always)
    func lookup(_ key: UnsafeRawBufferPointer) -> Value? {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.keyStart < 0 { return nil }
            if slot.hash == hash, Int(slot.keyLength) == key.count, equal(slot, key) { return slot.value }
            index = (index + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        if key.isEmpty { return true }
        return keys.withUnsafeBytes { stored in
            memcmpEqual(stored.baseAddress! + Int(slot.keyStart), key.baseAddress!, key.count)
        }
    }

    mutating func insert(_ key: UnsafeRawBufferPointer, _ value: Value) {
        guard count < capacity else { return }
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].keyStart >= 0 { index = (index + 1) & mask }
        let start = Int32(keys.count)
        keys.append(contentsOf: key)
        slots[index] = Slot(hash: hash, keyStart: start, keyLength: Int32(key.count), value: value)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.keyStart >= 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].keyStart >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

@inline(__always)
func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        if a.loadUnaligned(fromByteOffset: index, as: UInt64.self) != b.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
            return false
        }
        index += 8
    }
    while index < count {
        if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) { return false }
        index += 1
    }
    return true
}

extension ByteKeyCache where Value == Int32? {
    /// The label id a parsed key stands for; its name is built by `name`
    /// (nil for an empty name) and interned once per distinct key.
    mutating func labelID(for key: UnsafeRawBufferPointer, names: LabelNameTable,
                          name: (inout [UInt8]) -> Void) -> Int32? {
        if let known = lookup(key) { return known }
        var bytes: [UInt8] = []
        name(&bytes)
        let result: Int32? = bytes.isEmpty ? nil : names.id(String(decoding: bytes, as: UTF8.self))
        insert(key, result)
        return result
    }

    /// The id of the sanitized form of a raw key (Loki's `sanitizeLabelKey`).
    mutating func sanitizedLabelID(for key: UnsafeRawBufferPointer, names: LabelNameTable) -> Int32? {
        labelID(for: key, names: names) { LabelKeySanitizer.append(key, to: &$0) }
    }
}
