import LumaKit

extension LumaClient {
    /// The account's list, awaited.
    public func listed(limit: Int) async -> Result<[Generation], APIError> {
        await withCheckedContinuation { done in list(limit: limit) { done.resume(returning: $0) } }
    }

    public func credited() async -> Result<Credits, APIError> {
        await withCheckedContinuation { done in credits { done.resume(returning: $0) } }
    }

    /// Whether the delete went through, or why not.
    public func deleted(_ id: String) async -> APIError? {
        await withCheckedContinuation { done in
            delete(id) { result in
                if case .failure(let error) = result { done.resume(returning: error) } else { done.resume(returning: nil) }
            }
        }
    }
}

extension GenerationsCreator {
    /// One outcome, awaited rather than waited for on a thread.
    public func created(_ order: GenerationOrder) async -> Result<Created, CreateFailure> {
        await withCheckedContinuation { done in create(order) { done.resume(returning: $0) } }
    }
}
