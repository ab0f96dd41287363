import LumaKit

/// The list's order kept between frames. Filtering and sorting every row is most of a frame's
/// work, and the order can change only with the sort (and its direction), the filter, or the store's `orderVersion`
/// (an id came or went, an answer, a condition or a state time changed); poll bookkeeping and
/// clock ticks leave it as it was.
public struct RowOrderCache: Sendable {
    private struct Key: Hashable {
        let sort: SortOrder
        let reversed: Bool
        let filter: String
        let orderVersion: Int
    }

    private var key: Key?
    private var order: [Int] = []
    private var censusVersion: Int?
    private var counted: Census?
    /// How many times the order was worked out again, for tests.
    public private(set) var recomputed = 0

    public init() {}

    /// `state.rowOrder(snapshot)`, worked out again only when something it depends on changed.
    public mutating func order(_ state: DashboardState, _ snapshot: StoreSnapshot) -> [Int] {
        let key = Key(sort: state.sort, reversed: state.sortReversed, filter: state.filter, orderVersion: snapshot.orderVersion)
        if key != self.key {
            order = state.rowOrder(snapshot)
            self.key = key
            recomputed += 1
        }
        return order
    }

    /// `Census(snapshot)`, counted again only when a condition can have changed.
    public mutating func census(_ snapshot: StoreSnapshot) -> Census {
        if let counted, censusVersion == snapshot.orderVersion { return counted }
        let census = Census(snapshot)
        counted = census
        censusVersion = snapshot.orderVersion
        return census
    }
}
