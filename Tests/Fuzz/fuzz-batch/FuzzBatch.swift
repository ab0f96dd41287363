import Foundation
import LumaKit

// libFuzzer target: any bytes as the answer to the batch query (`POST /luma/tasks`). A trap is a
// bug; a refused body is not. Built and run by `.ci/fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: data, count: size))
    do {
        for g in try GenerationDecoder.decodeBatch(body) { _ = (g.id, g.state.word) }
    } catch {
        _ = error.message
    }
    return 0
}
