/// How due ids are grouped into requests, by the poller and `fetchOnce` alike.
enum NextRequest {
    /// Takes the ids of the next request off the front of `waiting`: the first on its own when it
    /// must go alone (or there is no batching), else up to `limit` that may share the batch query;
    /// those that may not keep their place. A batch of one goes as a plain GET, which is cheaper.
    static func take<ID>(from waiting: inout [ID], batching: Bool, limit: Int, alone: (ID) -> Bool) -> [ID] {
        guard let first = waiting.first else { return [] }
        guard batching, !alone(first) else { return [waiting.removeFirst()] }
        var batch: [ID] = []
        var skipped: [ID] = []
        var rest = waiting[...]
        while batch.count < limit, let id = rest.popFirst() {
            if alone(id) { skipped.append(id) } else { batch.append(id) }
        }
        waiting = skipped + rest
        return batch
    }
}
