import Foundation

/// Numbers, checked against JSON's grammar before they are converted.
extension JSONReader {
    /// The extent of a number, checked against JSON's grammar, and whether it is a plain integer.
    mutating func scanNumber() throws(JSONReadError) -> (start: Int, end: Int, integer: Bool) {
        let start = pos
        var integer = true
        @inline(__always) func digits() -> Int {
            let from = pos
            while pos < bytes.count, bytes[pos] &- UInt8(ascii: "0") < 10 { pos += 1 }
            return pos - from
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count else { throw .notJSON }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else if digits() == 0 {
            throw .notJSON
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            integer = false
            guard digits() > 0 else { throw .notJSON }
        }
        if pos < bytes.count, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            integer = false
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digits() > 0 else { throw .notJSON }
        }
        return (start, pos, integer)
    }

    /// A number or null; other kinds are wrong types.
    mutating func optionalInt() throws(JSONReadError) -> Int? {
        if try null() { return nil }
        return try int()
    }

    mutating func int() throws(JSONReadError) -> Int {
        guard let c = peek() else { throw .notJSON }
        guard c == UInt8(ascii: "-") || c &- UInt8(ascii: "0") < 10 else {
            try skipValue(); throw .expected("Int", path: [])
        }
        let n = try scanNumber()
        if n.integer {
            var i = n.start
            let negative = bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var v = 0
            while i < n.end {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(Int(bytes[i] - 48))
                                       : m.addingReportingOverflow(Int(bytes[i] - 48))
                guard !o1, !o2 else { throw .invalid("number does not fit in Int", path: []) }
                v = s
                i += 1
            }
            return v
        }
        // 1360.0 or 1.36e3 is still a whole number, as JSONDecoder takes it.
        guard let d = double(n), let v = Int(exactly: d) else {
            throw .invalid("number is not a whole Int", path: [])
        }
        return v
    }

    mutating func optionalDouble() throws(JSONReadError) -> Double? {
        if try null() { return nil }
        guard let c = peek() else { throw .notJSON }
        guard c == UInt8(ascii: "-") || c &- UInt8(ascii: "0") < 10 else {
            try skipValue(); throw .expected("Double", path: [])
        }
        guard let d = double(try scanNumber()), d.isFinite else {
            throw .invalid("number does not fit in Double", path: [])
        }
        return d
    }

    private func double(_ n: (start: Int, end: Int, integer: Bool)) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.end]), as: UTF8.self))
    }
}
