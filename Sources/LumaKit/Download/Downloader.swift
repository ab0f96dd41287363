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
    /// The body stopped when the connection closed, with no length or last chunk to say it was whole.
    case endUnknown(got: Int64)
    case badAnswer(String)
    case refusedRedirect(RefusedURL)
    case tooManyRedirects
    /// Another lumatop holds the `.part`.
    case busy
    case io(String)
    case transport(String)
    case cancelled

    public var description: String {
        switch self {
        case .http(let status): "the media host answered HTTP \(status)"
        case .sizeMismatch(let expected, let got): "incomplete: \(got) of \(expected) bytes (kept the .part to resume)"
        case .endUnknown(let got):
            "incomplete: the media host closed the connection after \(got) bytes without a length or a last chunk (kept the .part)"
        case .badAnswer(let what): what
        case .refusedRedirect(let why): "the media host redirected it elsewhere: \(why)"
        case .tooManyRedirects: "the media host redirected it too many times, or in a loop"
        case .busy: "already being downloaded by another lumatop"
        case .io(let what): "cannot write the file: \(what)"
        case .transport(let what): "download failed: \(what)"
        case .cancelled: "cancelled (kept the .part to resume)"
        }
    }
}

/// Fetches one media URL into `NAME.part` and renames it to `NAME` only when it is known whole:
/// its size equals the size the host named, or its chunked body ended with the last chunk. A
/// `.part` is resumed with a Range request only when the host first named its total; a 206
/// is taken only when it continues the part exactly and names that same total, anything else
/// starts over. Redirects are followed by the URL rule (no https to http, plain http only to
/// this machine). Never sends the API key.
public final class Downloader: Sendable {
    static let maxRedirects = 5
    fileprivate let http: HTTPClient
    /// Run on a download's own queue before each write (a test holds the writes with it).
    fileprivate let beforeWrite: @Sendable () -> Void

    public convenience init() { self.init(eventLoopGroup: HTTPClient.defaultEventLoopGroup) }

    init(eventLoopGroup: any EventLoopGroup, beforeWrite: @escaping @Sendable () -> Void = {}) {
        // Redirects are followed here, by our rule, not by the client's.
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                              timeout: .init(connect: .seconds(10), read: .seconds(60)))
        config.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: config)
        self.beforeWrite = beforeWrite
    }

    deinit { _ = http.shutdown() }

    /// Starts fetching `url` into `file` for generation `id`; the returned handle cancels it (the
    /// `.part` stays). The result is where the file landed: `file`, or `file-N` when a file
    /// appeared at that name meanwhile. `progress` and `completion` run on the download's own
    /// queue, never on an event loop.
    @discardableResult
    public func download(_ url: WebURL, to file: URL, id: String,
                         progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in },
                         completion: @escaping @Sendable (Result<URL, DownloadError>) -> Void) -> DownloadHandle {
        let handle = DownloadHandle()
        // The download's own serial queue: every file operation, in order, off the event loops.
        let files = DispatchQueue(label: "lumatop.download")
        files.async { [self] in
            let part: PartFile
            do throws(DownloadError) {
                part = try PartFile(path: file.path + ".part", id: id)
            } catch {
                return completion(.failure(error))
            }
            let attempt = Attempt(downloader: self, files: files, file: file, part: part, handle: handle, progress: progress) { result in
                part.close()
                completion(result)
            }
            attempt.fetch(url, resume: true, visited: [url])
        }
        return handle
    }

    /// One download across its requests: redirects and one start over. Runs on `files` only.
    fileprivate final class Attempt: @unchecked Sendable {
        /// Held while the download runs: it keeps its client alive.
        let downloader: Downloader
        let files: DispatchQueue
        let file: URL
        let part: PartFile
        let handle: DownloadHandle
        let progress: @Sendable (DownloadProgress) -> Void
        let completion: @Sendable (Result<URL, DownloadError>) -> Void
        var startedOver = false

        init(downloader: Downloader, files: DispatchQueue, file: URL, part: PartFile, handle: DownloadHandle,
             progress: @escaping @Sendable (DownloadProgress) -> Void,
             completion: @escaping @Sendable (Result<URL, DownloadError>) -> Void) {
            self.downloader = downloader; self.files = files; self.file = file; self.part = part; self.handle = handle; self.progress = progress; self.completion = completion
        }
    }
}

extension Downloader.Attempt {
    func fetch(_ url: WebURL, resume: Bool, visited: [WebURL]) {
        let existing = part.size
        let total = part.knownTotal
        let resumeFrom = resume && existing > 0 && total.map { existing < $0 } == true ? existing : nil
        var headers: HTTPHeaders = ["User-Agent": "lumatop/\(QuickRouterClient.version)"]
        if let resumeFrom { headers.add(name: "Range", value: "bytes=\(resumeFrom)-") }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url.text, method: .GET, headers: headers)
        } catch {
            return completion(.failure(.transport("bad URL")))
        }
        let writer = PartWriter(part: part, files: files, resumeFrom: resumeFrom, knownTotal: total,
                                beforeWrite: downloader.beforeWrite, progress: progress)
        let task = downloader.http.execute(request: request, delegate: writer)
        guard handle.attach(task) else { return completion(.failure(.cancelled)) }
        // Back on the files' queue, behind the writes already queued there.
        task.futureResult.whenComplete { [self] result in files.async { self.conclude(result, writer, url, resume: resume, visited: visited) } }
    }

    private func conclude(_ result: Result<Void, Error>, _ writer: PartWriter, _ url: WebURL, resume: Bool, visited: [WebURL]) {
        // A download that completed before the cancel arrived is kept.
        if case .failure = result, handle.isCancelled { return completion(.failure(.cancelled)) }
        switch writer.detour {
        case .redirect(let location)?:
            do throws(RefusedURL) {
                let next = try url.redirect(to: location)
                guard visited.count <= Downloader.maxRedirects, !visited.contains(next) else {
                    return completion(.failure(.tooManyRedirects))
                }
                fetch(next, resume: resume, visited: visited + [next])
            } catch {
                completion(.failure(.refusedRedirect(error)))
            }
            return
        case .startOver?:
            guard !startedOver else { return completion(.failure(.badAnswer("the media host would not send the whole file"))) }
            startedOver = true
            do throws(DownloadError) { try part.startOver() } catch { return completion(.failure(error)) }
            fetch(url, resume: false, visited: visited)
            return
        case nil: break
        }
        completion(outcome(result, writer))
    }

    /// Saved only when the end is known to be the end; otherwise the `.part` stays.
    private func outcome(_ result: Result<Void, Error>, _ writer: PartWriter) -> Result<URL, DownloadError> {
        if let failure = writer.failure { return .failure(failure) }
        let got = writer.state
        switch result {
        case .failure(let error):
            if let total = got.total, got.received < total { return .failure(.sizeMismatch(expected: total, got: got.received)) }
            if writer.chunked { return .failure(.endUnknown(got: got.received)) }
            return .failure(.transport(String(describing: error)))
        case .success:
            if let total = got.total, got.received != total { return .failure(.sizeMismatch(expected: total, got: got.received)) }
            if got.total == nil && !writer.chunked { return .failure(.endUnknown(got: got.received)) }
            do throws(DownloadError) {
                return .success(try part.finish(as: file))
            } catch {
                return .failure(error)
            }
        }
    }
}
