import LumaUI

// libFuzzer target: any bytes as a theme file. Besides not trapping, every problem must name a
// line of the file. Built and run by `.ci/fuzz`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (theme, problems) = ThemeParser.parse(text, name: "fuzz", file: "fuzz.theme")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    for p in problems where !(1...lines).contains(p.line) { fatalError("line \(p.line) of \(lines): \(p)") }
    _ = (theme.description, problems.map(\.description))
    return 0
}
