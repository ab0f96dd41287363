import Foundation

/// The account's list (official API only): generations shown without being tracked.
extension GenerationStore {
    /// The account's recent generations as its list gave them, newest first: those not in the
    /// store come in marked recent, those in it take the fresher answer (a tracked one's is kept),
    /// and recent ones the list no longer holds go.
    public func setRecent(_ recent: [Generation], at: Date) {
        mutate { c -> [StoreEvent] in
            var events: [StoreEvent] = []
            var added: [String] = []
            let listed = Set(recent.map(\.id))
            let gone = c.generations.filter { $0.isRecent && !listed.contains($0.id) }.map(\.id)
            if !gone.isEmpty {
                let goneSet = Set(gone)
                c.generations.removeAll { goneSet.contains($0.id) }
                c.index = Dictionary(uniqueKeysWithValues: c.generations.enumerated().map { ($1.id, $0) })
                c.orderVersion += 1
                events.append(.untracked(gone))
            }
            // Oldest first, so the store keeps the order they were made in.
            for var answer in recent.reversed() {
                guard let i = c.index[answer.id] else {
                    c.index[answer.id] = c.generations.count
                    c.generations.append(TrackedGeneration(id: answer.id, generation: answer, firstSeen: at, isRecent: true))
                    added.append(answer.id)
                    continue
                }
                var g = c.generations[i]
                answer.keepComputedPalette(from: g.generation)
                guard g.generation != answer else { continue }
                let moved = g.generation?.state != answer.state
                if moved { g.stateChangedAt = at }
                g.generation = answer
                if !g.isRecent { g.lastError = nil }
                c.generations[i] = g
                c.orderVersion += 1
                events.append(.updated(id: answer.id, stateChanged: moved, kept: !g.isRecent))
            }
            if !added.isEmpty {
                c.orderVersion += 1
                events.append(.tracked(added))
            }
            return events
        }
    }

    /// The palette made from a decoded picture, for each generation showing it without one.
    public func computePalette(url: String, from picture: Picture) {
        mutate { c -> [StoreEvent] in
            var events: [StoreEvent] = []
            var palette: Palette?
            for i in c.generations.indices {
                guard var g = c.generations[i].generation, g.wantsComputedPalette, g.thumbnailMedia?.url == url else { continue }
                let made = palette ?? Palette(averaging: picture)
                palette = made
                if g.thumbnail == nil { g.thumbnail = g.artifact?.thumbnail }
                g.thumbnail?.palette = made
                c.generations[i].generation = g
                events.append(.updated(id: g.id, stateChanged: false, kept: !c.generations[i].isRecent))
            }
            return events
        }
    }

    /// What `GET /credits` last said; nil before it answered or when there is no such endpoint.
    public func setCredits(_ credits: String?) {
        updateStatus { $0.credits = credits }
    }
}
