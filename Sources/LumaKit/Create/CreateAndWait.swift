extension GenerationsCreator {
    /// Blocks the calling thread until the outcome (for one-shot commands and tests).
    public func createAndWait(_ order: GenerationOrder) -> Result<Created, CreateFailure> {
        waitForCallback { create(order, completion: $0) }
    }
}
