import Foundation

/// The send times of recent requests, so the poller never sends more than
/// `PollPolicy.requestBudget` in any window, whatever the server answers: a guarantee that holds
/// even where every other rule (intervals, holds, backoff) has been talked round.
struct RequestBudget {
    /// Counted a little longer than the policy's window: a request arrives a moment after it is
    /// sent, and the server's window is over arrivals.
    static let window = PollPolicy.budgetWindow + 1

    /// Oldest first; those before `first` have left the window.
    private var sent: [Date] = []
    private var first = 0

    /// How many requests may go at `t` under `limit`.
    mutating func room(limit: Int, at t: Date) -> Int {
        forget(before: t)
        return max(0, limit - (sent.count - first))
    }

    mutating func record(_ t: Date) {
        sent.append(t)
    }

    /// When the next request may go, once `room` said none: the oldest leaves the window.
    func freesAt(limit: Int) -> Date? {
        let inWindow = sent.count - first
        guard inWindow >= limit, inWindow > 0 else { return nil }
        return sent[first + inWindow - max(limit, 1)] + Self.window
    }

    private mutating func forget(before t: Date) {
        let start = t - Self.window
        while first < sent.count, sent[first] <= start { first += 1 }
        // Drop what has left once it is most of the array, so it never grows past a window's worth.
        if first > 64, first * 2 > sent.count {
            sent.removeFirst(first)
            first = 0
        }
    }
}
