import LumaKit

extension GenerationsClient {
    /// One answer, awaited rather than waited for on a thread (`fetchAndWait` holds one).
    public func fetched(_ id: String) async -> Result<Generation, APIError> {
        await withCheckedContinuation { done in fetch(id) { done.resume(returning: $0) } }
    }
}
