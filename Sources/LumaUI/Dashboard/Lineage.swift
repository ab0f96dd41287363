import LumaKit

/// Which generation continues which (an extend), for the detail pane's "extends" and
/// "extended by" lines.
public enum Lineage {
    /// The generation `g` extends, as its record keeps it.
    public static func parent(of g: TrackedGeneration) -> String? { g.extends }

    /// The ids of the generations that extend the one with `id`.
    public static func children(of id: String, in snapshot: StoreSnapshot) -> [String] {
        // In place: a copy of every record per frame would cost much at ten thousand rows.
        snapshot.generations.withUnsafeBufferPointer { all in
            all.indices.compactMap { parent(of: all[$0]) == id ? all[$0].id : nil }
        }
    }
}
