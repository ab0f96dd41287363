import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

public struct DownloadProgress: Hashable, Sendable {
    public var received: Int64
    /// Nil when the server gave no size.
    public var total: Int64?
}

public enum DownloadError: Error, Hashable, Sendable, CustomStringConvertible {
    case http(Int)
    case sizeMismatch(expected: Int64, got: Int64)
    case io(String)
    case transport(String)
    case cancelled

    public var description: String {
        switch self {
        case .http(let status): "the media host answered HTTP \(status)"
        case .sizeMismatch(let expected, let got): "incomplete: \(got) of \(expected) bytes (kept the .part to resume)"
        case .io(let what): "cannot write the file: \(what)"
        case .transport(let what): "download failed: \(what)"
        case .cancelled: "cancelled (kept the .part to resume)"
        }
    }
}

/// Fetches one media URL into `NAME.part`, resuming with a Range request when a `.part` is there
/// and the server allows it, and renames it to `NAME` only when complete. Never sends the API key.
public final class Downloader: @unchecked Sendable {
    private let http: HTTPClient

    public init() {
        var config = HTTPClient.Configuration(redirectConfiguration: .follow(max: 5, allowCycles: false),
                                              timeout: .init(connect: .seconds(10), read: .seconds(60)))
        config.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
    }

    deinit { _ = http.shutdown() }

    /// Starts fetching `url` into `file`; the returned handle cancels it (the `.part` stays).
    @discardableResult
    public func download(_ url: String, to file: URL,
                         progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in },
                         completion: @escaping @Sendable (Result<URL, DownloadError>) -> Void) -> DownloadHandle {
        let handle = DownloadHandle()
        start(url, to: file, handle: handle, progress: progress, completion: completion)
        return handle
    }

    private func start(_ url: String, to file: URL, handle: DownloadHandle,
                       progress: @escaping @Sendable (DownloadProgress) -> Void,
                       completion: @escaping @Sendable (Result<URL, DownloadError>) -> Void) {
        let part = URL(fileURLWithPath: file.path + ".part")
        let existing = ((try? FileManager.default.attributesOfItem(atPath: part.path))?[.size] as? NSNumber)?.int64Value ?? 0
        var headers: HTTPHeaders = ["User-Agent": "lumatop/\(QuickRouterClient.version)"]
        if existing > 0 { headers.add(name: "Range", value: "bytes=\(existing)-") }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: .GET, headers: headers)
        } catch {
            completion(.failure(.transport("bad URL")))
            return
        }
        let writer = PartWriter(part: part, existing: existing, progress: progress)
        // The closure holds the downloader: a download in flight keeps its client alive.
        let task = http.execute(request: request, delegate: writer)
        guard handle.attach(task) else {
            completion(.failure(.cancelled))
            return
        }
        task.futureResult.whenComplete { [self] result in
            withExtendedLifetime(self) {}
            // A download that completed before the cancel arrived is kept.
            if case .failure = result, handle.isCancelled {
                completion(.failure(.cancelled))
                return
            }
            switch result {
            case .failure(DownloadError.http(416)) where existing > 0:
                // The .part does not fit what the host has now (longer, or another file): start over.
                unlink(part.path)
                start(url, to: file, handle: handle, progress: progress, completion: completion)
            case .failure(let error as DownloadError): completion(.failure(error))
            case .failure(let error): completion(.failure(.transport(String(describing: error))))
            case .success(let written):
                if let total = written.total, written.received != total {
                    completion(.failure(.sizeMismatch(expected: total, got: written.received)))
                } else if rename(part.path, file.path) != 0 {
                    completion(.failure(.io("rename to \(file.lastPathComponent) failed")))
                } else {
                    completion(.success(file))
                }
            }
        }
    }
}

/// Cancels one download, whichever request (after a restart) is carrying it.
public final class DownloadHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var task: HTTPClient.Task<DownloadProgress>?
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    /// False when already cancelled: the new request is cancelled at once.
    func attach(_ task: HTTPClient.Task<DownloadProgress>) -> Bool {
        let go = lock.withLock { () -> Bool in
            self.task = task
            return !cancelled
        }
        if !go { task.cancel() }
        return go
    }

    public func cancel() {
        let task = lock.withLock { () -> HTTPClient.Task<DownloadProgress>? in
            cancelled = true
            return self.task
        }
        task?.cancel()
    }
}

/// Writes the body to the `.part` file: appended after a 206 that starts where the file ends,
/// from scratch after a 200 (the server ignored the Range).
private final class PartWriter: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = DownloadProgress

    private let part: URL
    private let existing: Int64
    private let progress: @Sendable (DownloadProgress) -> Void
    private var handle: FileHandle?
    private var state = DownloadProgress(received: 0, total: nil)
    private var failure: DownloadError?

    init(part: URL, existing: Int64, progress: @escaping @Sendable (DownloadProgress) -> Void) {
        self.part = part
        self.existing = existing
        self.progress = progress
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let length = head.headers.first(name: "Content-Length").flatMap { Int64($0) }
        do {
            switch head.status.code {
            case 206 where contentRangeStart(head) == existing:
                handle = try FileHandle(forWritingTo: part)
                try handle?.seekToEnd()
                state = DownloadProgress(received: existing, total: contentRangeTotal(head) ?? length.map { $0 + existing })
            case 200..<300:
                FileManager.default.createFile(atPath: part.path, contents: nil)
                handle = try FileHandle(forWritingTo: part)
                try handle?.truncate(atOffset: 0)
                state = DownloadProgress(received: 0, total: length)
            default:
                failure = .http(Int(head.status.code))

            }
        } catch {
            failure = .io(error.localizedDescription)

        }
        progress(state)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard failure == nil, let handle else { return task.eventLoop.makeSucceededVoidFuture() }
        do {
            try handle.write(contentsOf: Data(buffer.readableBytesView))
            state.received += Int64(buffer.readableBytes)
            progress(state)
        } catch {
            failure = .io(error.localizedDescription)

        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Response>, _ error: Error) {
        try? handle?.close()
        handle = nil
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> DownloadProgress {
        try? handle?.synchronize()
        try? handle?.close()
        handle = nil
        if let failure { throw failure }
        return state
    }

    /// `Content-Range: bytes START-END/TOTAL`.
    private func contentRange(_ head: HTTPResponseHead) -> (start: Int64, total: Int64?)? {
        guard let value = head.headers.first(name: "Content-Range"), value.hasPrefix("bytes ") else { return nil }
        let parts = value.dropFirst(6).split(separator: "/")
        guard let range = parts.first, let start = range.split(separator: "-").first.flatMap({ Int64($0) }) else { return nil }
        return (start, parts.count > 1 ? Int64(parts[1]) : nil)
    }

    private func contentRangeStart(_ head: HTTPResponseHead) -> Int64? { contentRange(head)?.start }
    private func contentRangeTotal(_ head: HTTPResponseHead) -> Int64? { contentRange(head)?.total }
}
