import LumaKit

// libFuzzer target: the sanitiser. Its promise is that no C0 or C1 control, ESC or DEL survives
// (`block` keeps newlines), so one that does is a crash. The bytes are read twice: as UTF-8, and
// one scalar per byte, which puts every C1 control within one mutation. Built and run by `.ci/fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var latin1 = String.UnicodeScalarView()
    latin1.append(contentsOf: bytes.map { Unicode.Scalar($0) })
    for text in [String(decoding: bytes, as: UTF8.self), String(latin1)] {
        check(UntrustedText.line(text), newlines: false, from: text)
        check(UntrustedText.block(text), newlines: true, from: text)
    }
    return 0
}

func check(_ out: String, newlines: Bool, from text: String) {
    for s in out.unicodeScalars where s.value < 0x20 || (0x7F...0x9F).contains(s.value) {
        if newlines && s == "\n" { continue }
        fatalError("U+\(String(s.value, radix: 16)) survived: \(text.debugDescription) -> \(out.debugDescription)")
    }
}
