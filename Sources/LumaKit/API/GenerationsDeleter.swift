/// Deletes a generation on the provider (the official API's `DELETE /generations/{id}`).
/// Implementations call `completion` exactly once, on any thread.
public protocol GenerationsDeleter: Sendable {
    func delete(_ id: String, completion: @escaping @Sendable (Result<Void, APIError>) -> Void)
}

extension LumaClient: GenerationsDeleter {}
