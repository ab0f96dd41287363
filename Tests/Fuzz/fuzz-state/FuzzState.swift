#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LumaKit

// libFuzzer target: any bytes as `tracked.json` (read once, to import it into the database).
// Besides not trapping, the reader must read the same whatever the chunk size (the file arrives in
// pieces of 256 KiB), and each answer read, as the database keeps it, must read back to the same
// answer. Built and run by `.ci/fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    let whole = read(bytes, chunk: 256 * 1024)
    let pieces = read(bytes, chunk: 3)
    guard whole == pieces else { fatalError("the chunk size changed what was read: \(whole) vs \(pieces)") }
    guard case .success(let first) = whole else { return 0 }
    for answer in first.records.compactMap(\.answer) {
        let kept = answer.storedJSON
        guard let again = try? GenerationDecoder.decode(Data(kept.utf8)) else {
            fatalError("lumatop cannot read the answer it keeps: \(kept)")
        }
        guard again.storedJSON == kept else { fatalError("a write and a read changed the answer: \(kept)") }
    }
    return 0
}

struct Read: Equatable {
    let version: Int
    let records: [TrackedRecord]
}

/// Reads `bytes` through a file, as `load` does.
func read(_ bytes: [UInt8], chunk: Int) -> Result<Read, JSONReadError> {
    guard ftruncate(scratch, 0) == 0, pwrite(scratch, bytes, bytes.count, 0) == bytes.count,
          lseek(scratch, 0, SEEK_SET) == 0 else { fatalError("scratch file: \(errno)") }
    do throws(JSONReadError) {
        let (version, records) = try TrackedList.readLegacyDocument(fd: scratch, chunk: chunk)
        return .success(Read(version: version, records: records))
    } catch {
        return .failure(error)
    }
}

/// One unlinked temporary file for every input.
let scratch: Int32 = {
    var template = Array("/tmp/lumatop-fuzz-state-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    guard fd >= 0 else { fatalError("mkstemp: \(errno)") }
    unlink(template)
    return fd
}()
