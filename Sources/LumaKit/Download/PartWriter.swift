import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Judges one answer of a media host by its head, then writes its body to the `.part`: from the
/// first byte after a 200, after what the part holds after a 206 that continues exactly it.
final class PartWriter: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = DownloadProgress

    /// What the head said to do instead of writing.
    enum Detour: Equatable {
        case redirect(String)
        /// The host cannot continue the part as it is: ask again for the whole file.
        case startOver
    }

    /// Ends reading an answer whose body is not wanted.
    struct Stop: Error {}

    private let part: PartFile
    private let resumeFrom: Int64?
    private let knownTotal: Int64?
    private let progress: @Sendable (DownloadProgress) -> Void
    private(set) var state = DownloadProgress(received: 0, total: nil)
    private(set) var detour: Detour?
    private(set) var failure: DownloadError?
    /// The body came in chunks: an answer that completes ended with its last chunk.
    private(set) var chunked = false
    /// Where the part must end after this answer, when the answer says.
    private var end: Int64?

    /// `resumeFrom`: the Range asked for, if any; `knownTotal`: the size the host named first.
    init(part: PartFile, resumeFrom: Int64?, knownTotal: Int64?, progress: @escaping @Sendable (DownloadProgress) -> Void) {
        self.part = part
        self.resumeFrom = resumeFrom
        self.knownTotal = knownTotal
        self.progress = progress
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let stop = task.eventLoop.makeFailedFuture(Stop()) as EventLoopFuture<Void>
        let code = Int(head.status.code)
        do throws(DownloadError) {
            switch code {
            case 301, 302, 303, 307, 308:
                guard let location = head.headers.first(name: "Location") else { throw .http(code) }
                detour = .redirect(location)
                return stop
            case 206:
                guard let from = resumeFrom else { throw .badAnswer("the media host sent part of the file when asked for all of it") }
                let lengths = head.headers["Content-Length"]
                guard let range = DeclaredSize.ContentRange(head.headers.first(name: "Content-Range")),
                      range.first == from, range.total == knownTotal,
                      lengths.isEmpty || DeclaredSize.contentLength(lengths) == range.length
                else {
                    detour = .startOver
                    return stop
                }
                try part.continueAtEnd()
                state = DownloadProgress(received: from, total: range.total)
                end = range.last + 1
            case 200:
                try part.startOver()
                chunked = head.headers[canonicalForm: "Transfer-Encoding"].contains { $0.lowercased() == "chunked" }
                let length = chunked ? nil : DeclaredSize.contentLength(head.headers["Content-Length"])
                part.remember(total: length)
                state = DownloadProgress(received: 0, total: length)
                end = length
            case 416 where resumeFrom != nil:
                detour = .startOver
                return stop
            default:
                throw .http(code)
            }
        } catch {
            failure = error
            return stop
        }
        progress(state)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard detour == nil, failure == nil else { return task.eventLoop.makeFailedFuture(Stop()) }
        do throws(DownloadError) {
            if let end, state.received + Int64(buffer.readableBytes) > end {
                throw .badAnswer("the media host sent more bytes than it said it would")
            }
            try part.append(buffer)
            state.received += Int64(buffer.readableBytes)
            progress(state)
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            failure = error
            return task.eventLoop.makeFailedFuture(Stop())
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> DownloadProgress {
        if detour != nil || failure != nil { throw Stop() }
        return state
    }
}
