import Foundation

extension GenerationsCreator {
    /// Blocks the calling thread until the outcome (for one-shot commands and tests).
    public func createAndWait(_ order: GenerationOrder) -> Result<Created, CreateFailure> {
        let done = DispatchSemaphore(value: 0)
        let box = Locked(Result<Created, CreateFailure>?.none)
        create(order) { result in
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.current!
    }
}
