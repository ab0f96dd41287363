import Foundation
import LumaKit

// libFuzzer target: any bytes as the answer to `GET /luma/generations/{id}`. A trap is a bug;
// a refused body is not. Built and run by `.ci/fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: data, count: size))
    do {
        let g = try GenerationDecoder.decode(body)
        _ = (g.state.word, g.video?.url, g.thumbnail?.palette)
    } catch {
        _ = error.message
    }
    return 0
}
