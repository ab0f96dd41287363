import Foundation
import LumaKit

// lumatop-bench                 every measurement, --runs times (default 5), then a table
// lumatop-bench --only a,b      some of them: decode store render bytes save memory startup idle polling peer-decode steady preview
// lumatop-bench one NAME        one in-process measurement, printed as "name value unit" lines
// lumatop-bench serve --batch|--no-batch PORTFILE    the loopback server of the polling case

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

do {
    switch arguments.first {
    case "serve":
        guard arguments.count == 3 else { throw BenchError("usage: lumatop-bench serve --batch|--no-batch PORTFILE") }
        try BenchServer.run(batch: arguments[1] == "--batch", portFile: arguments[2])
    case "one":
        guard arguments.count == 2 else { throw BenchError("usage: lumatop-bench one NAME") }
        for f in try (arguments[1] == "preview" ? previewFigures() : InProcess.run(arguments[1])) { print("\(f.name) \(f.value) \(f.unit)") }
    default:
        let runs = option("--runs").flatMap(Int.init) ?? 5
        let only = option("--only").map { Set($0.split(separator: ",").map(String.init)) }
        let idleSeconds = option("--idle-seconds").flatMap(Double.init) ?? 60
        try Orchestra(runs: runs, only: only, idleSeconds: idleSeconds).run(json: option("--json"))
    }
} catch {
    FileHandle.standardError.write(Data("lumatop-bench: \(error)\n".utf8))
    exit(1)
}
