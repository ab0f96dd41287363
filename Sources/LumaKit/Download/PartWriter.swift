import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1

/// Judges one answer of a media host by its head, then writes its body to the `.part`: from the
/// first byte after a 200, after what the part holds after a 206 that continues exactly it.
///
/// The event loops that call a delegate also carry polling, so every file operation runs on the
/// download's own queue; the answer is read on only once the write before has finished. Every
/// field below is touched on that queue only.
final class PartWriter: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// What the head said to do instead of writing.
    enum Detour: Equatable {
        case redirect(String)
        /// The host cannot continue the part as it is: ask again for the whole file.
        case startOver
    }

    /// Ends reading an answer whose body is not wanted.
    struct Stop: Error {}

    private let part: PartFile
    private let files: DispatchQueue
    private let resumeFrom: Int64?
    private let knownTotal: Int64?
    private let progress: @Sendable (DownloadProgress) -> Void
    private let beforeWrite: @Sendable () -> Void
    private(set) var state = DownloadProgress(received: 0, total: nil)
    private(set) var detour: Detour?
    private(set) var failure: DownloadError?
    /// The body came in chunks: an answer that completes ended with its last chunk.
    private(set) var chunked = false
    /// Where the part must end after this answer, when the answer says.
    private var end: Int64?

    /// `resumeFrom`: the Range asked for, if any; `knownTotal`: the size the host named first;
    /// `files`: the serial queue the part is written on.
    init(part: PartFile, files: DispatchQueue, resumeFrom: Int64?, knownTotal: Int64?,
         beforeWrite: @escaping @Sendable () -> Void, progress: @escaping @Sendable (DownloadProgress) -> Void) {
        self.part = part
        self.files = files
        self.resumeFrom = resumeFrom
        self.knownTotal = knownTotal
        self.beforeWrite = beforeWrite
        self.progress = progress
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        onFiles(task.eventLoop) { [self] in judge(head) }
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        onFiles(task.eventLoop) { [self] in write(buffer) }
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws {}

    /// Runs `work` on the files' queue; the future completes when it is done, failed when it
    /// says to stop reading.
    private func onFiles(_ loop: EventLoop, _ work: @escaping @Sendable () -> Bool) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        files.async { work() ? promise.succeed() : promise.fail(Stop()) }
        return promise.futureResult
    }

    /// True to read the body.
    private func judge(_ head: HTTPResponseHead) -> Bool {
        let code = Int(head.status.code)
        do throws(DownloadError) {
            switch code {
            case 301, 302, 303, 307, 308:
                guard let location = head.headers.first(name: "Location") else { throw .http(code) }
                detour = .redirect(location)
                return false
            case 206:
                guard let from = resumeFrom else { throw .badAnswer("the media host sent part of the file when asked for all of it") }
                let lengths = head.headers["Content-Length"]
                guard let range = DeclaredSize.ContentRange(head.headers.first(name: "Content-Range")),
                      range.first == from, range.total == knownTotal,
                      lengths.isEmpty || DeclaredSize.contentLength(lengths) == range.length
                else {
                    detour = .startOver
                    return false
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
                return false
            default:
                throw .http(code)
            }
        } catch {
            failure = error
            return false
        }
        progress(state)
        return true
    }

    /// True to read on.
    private func write(_ buffer: ByteBuffer) -> Bool {
        guard detour == nil, failure == nil else { return false }
        do throws(DownloadError) {
            if let end, state.received + Int64(buffer.readableBytes) > end {
                throw .badAnswer("the media host sent more bytes than it said it would")
            }
            beforeWrite()
            try part.append(buffer)
            state.received += Int64(buffer.readableBytes)
            progress(state)
            return true
        } catch {
            failure = error
            return false
        }
    }
}
