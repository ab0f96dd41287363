import Dispatch
import Foundation
import NIOCore

/// Numbers from outside (the server, a file, the environment, the command line) made safe before
/// any arithmetic or conversion. `Int(someDouble)` traps on NaN and beyond Int's range, and so do
/// Dispatch and NIO times built from such a number: every such conversion goes through here.
public enum Bounded {
    /// The longest wait lumatop ever schedules: a timer, a deadline or a hold further out than
    /// this is a number gone wrong, not a plan.
    public static let longestWait: TimeInterval = 365 * 86_400
    /// Widths and heights beyond this are not a real video's.
    public static let largestDimension = 1 << 16
    /// Durations beyond this are not a generated video's.
    public static let longestVideo: TimeInterval = 86_400
    /// Sizes beyond this are not a real download's (and leave room for arithmetic on them).
    public static let largestSize: Int64 = 1 << 50

    /// `value` as an Int, saturating at Int's ends; `nan` for NaN.
    @inlinable public static func int(_ value: Double, nan: Int = 0) -> Int {
        if value.isNaN { return nan }
        // Double(Int.max) rounds up to 2^63, which no longer fits.
        if value >= 0x1p63 { return .max }
        if value <= -0x1p63 { return .min }
        return Int(value)
    }

    /// `value` as an Int64, saturating; `nan` for NaN.
    @inlinable public static func int64(_ value: Double, nan: Int64 = 0) -> Int64 {
        Int64(int(value, nan: Int(nan)))
    }

    /// `value` held within `range`; `nan` for NaN.
    public static func clamp(_ value: Double, to range: ClosedRange<Double>, nan: Double) -> Double {
        value.isNaN ? nan : min(max(value, range.lowerBound), range.upperBound)
    }

    /// Seconds to wait: NaN and negatives are none, more than `longestWait` is held there.
    public static func wait(_ seconds: Double) -> TimeInterval {
        clamp(seconds, to: 0...longestWait, nan: 0)
    }

    /// Whole seconds, rounded up, for messages ("retry after 3 s"); never negative.
    public static func wholeSeconds(_ seconds: Double) -> Int {
        max(0, int(seconds.rounded(.up)))
    }

    /// A Dispatch deadline `seconds` from now, the wait clamped as `wait` does.
    public static func deadline(in seconds: Double) -> DispatchTime {
        .now() + interval(seconds)
    }

    /// A Dispatch interval of `seconds`, clamped as `wait` does.
    public static func interval(_ seconds: Double) -> DispatchTimeInterval {
        .nanoseconds(int(wait(seconds) * 1e9))
    }

    /// A NIO time amount of `seconds`, clamped as `wait` does.
    public static func timeAmount(_ seconds: Double) -> TimeAmount {
        .nanoseconds(int64(wait(seconds) * 1e9))
    }

    /// Seconds since 1970 of `date`, within the years 1 to 9999 (what a calendar can show).
    public static func calendarSeconds(_ date: Date) -> Int {
        int(clamp(date.timeIntervalSince1970.rounded(.down), to: -62_135_596_800...253_402_300_799, nan: 0))
    }

    /// A size as a header or a file states it (`Content-Length`, the numbers of `Content-Range`):
    /// ASCII digits only, at most `largestSize`; nil for anything else, so arithmetic on it
    /// cannot overflow.
    public static func size<S: StringProtocol>(_ text: S) -> Int64? {
        guard !text.isEmpty else { return nil }
        var value: Int64 = 0
        for unit in text.utf8 {
            guard unit >= 0x30, unit <= 0x39 else { return nil }
            value = value * 10 + Int64(unit - 0x30)
            guard value <= largestSize else { return nil }
        }
        return value
    }

    /// A width or height when it could be a real video's, else nil (unknown).
    public static func dimension(_ value: Int?) -> Int? {
        guard let value, value > 0, value <= largestDimension else { return nil }
        return value
    }

    /// A duration in seconds when it could be a generated video's, else nil (unknown).
    public static func videoDuration(_ value: Double?) -> Double? {
        guard let value, value >= 0, value <= longestVideo else { return nil }
        return value
    }
}
