import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1

/// Judges one answer of a media host by its head, then writes its body to the `.part`: from the
/// first byte after a 200, after what the part holds after a 206 that continues exactly it.
///
/// The event loops that call a delegate also carry polling, so every file operation runs on the
/// download's own queue. A body part is queued there at once (bytes the client has read are
/// never dropped by a connection that closes meanwhile); the answer is read on only while what is
/// queued stays under `window`. Every field below but `queued` is touched on that queue only.
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

    /// How far reading may run ahead of writing.
    static let window = 4 << 20

    /// Bytes received and not written yet.
    private let queued = Locked(0)
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

    /// What a head says: decided here on the event loop, carried out on the files' queue.
    private enum Verdict {
        case stop(Detour?, DownloadError?)
        /// From the first byte (emptying the part) or after what the part holds.
        case write(DownloadProgress, end: Int64?, chunked: Bool, fromStart: Bool)
    }

    // Neither returns a future that waits on the files: the client drops what it has read when
    // the connection closes while it waits, and a cut body must keep every byte it brought.
    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let verdict = judge(head)
        files.async { [self] in open(verdict, task) }
        guard case .write = verdict else { return task.eventLoop.makeFailedFuture(Stop()) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let n = buffer.readableBytes
        let ahead = queued.withLock { $0 += n; return $0 }
        let promise = task.eventLoop.makePromise(of: Void.self)
        files.async { [self] in
            let wrote = write(buffer)
            queued.withLock { $0 -= n }
            if wrote { return promise.succeed() }
            promise.fail(Stop())
            task.fail(reason: Stop())
        }
        return ahead <= Self.window ? task.eventLoop.makeSucceededVoidFuture() : promise.futureResult
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws {}

    private func judge(_ head: HTTPResponseHead) -> Verdict {
        let code = Int(head.status.code)
        switch code {
        case 301, 302, 303, 307, 308:
            guard let location = head.headers.first(name: "Location") else { return .stop(nil, .http(code)) }
            return .stop(.redirect(location), nil)
        case 206:
            guard let from = resumeFrom else { return .stop(nil, .badAnswer("the media host sent part of the file when asked for all of it")) }
            let lengths = head.headers["Content-Length"]
            guard let range = DeclaredSize.ContentRange(head.headers.first(name: "Content-Range")),
                  range.first == from, range.total == knownTotal,
                  lengths.isEmpty || DeclaredSize.contentLength(lengths) == range.length
            else { return .stop(.startOver, nil) }
            return .write(DownloadProgress(received: from, total: range.total), end: range.last + 1, chunked: false, fromStart: false)
        case 200:
            let chunked = head.headers[canonicalForm: "Transfer-Encoding"].contains { $0.lowercased() == "chunked" }
            let length = chunked ? nil : DeclaredSize.contentLength(head.headers["Content-Length"])
            return .write(DownloadProgress(received: 0, total: length), end: length, chunked: chunked, fromStart: true)
        case 416 where resumeFrom != nil:
            return .stop(.startOver, nil)
        default:
            return .stop(nil, .http(code))
        }
    }

    private func open(_ verdict: Verdict, _ task: HTTPClient.Task<Response>) {
        switch verdict {
        case .stop(let detour, let failure):
            self.detour = detour
            self.failure = failure
        case .write(let from, let end, let chunked, let fromStart):
            do throws(DownloadError) {
                if fromStart {
                    try part.startOver()
                    part.remember(total: from.total)
                } else {
                    try part.continueAtEnd()
                }
            } catch {
                failure = error
                return task.fail(reason: Stop())
            }
            state = from
            self.end = end
            self.chunked = chunked
            progress(state)
        }
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
