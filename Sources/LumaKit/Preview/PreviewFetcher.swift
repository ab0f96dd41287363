import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Gets the bytes of preview images: from the cache when it has them, else with one GET per URL
/// that asks only for the formats lumatop decodes and carries no key (this type never has it).
/// Only URLs that pass the URL rules are fetched, plain http only from this machine, and
/// redirects only where the same rules allow. Asks for the same URL are joined into one request;
/// at most `maxConcurrent` requests run at once, the latest asked first (the picture the user
/// looks at now); a URL that failed is answered with that failure, without a request, for
/// `retryAfter` seconds of the scheduler's clock.
public final class PreviewFetcher: Sendable {
    public typealias Completion = @Sendable (Result<[UInt8], PreviewFailure>) -> Void

    public static let defaultMaxBytes = 10 << 20
    public static let defaultDeadline: TimeInterval = 20
    public static let retryAfter: TimeInterval = 60
    static let maxConcurrent = 2
    static let maxRedirects = 3

    public let cache: PreviewCache?
    private let scheduler: any Scheduler
    private let environment: [String: String]
    private let deadline: TimeInterval
    private let maxBytes: Int
    /// Every field of `book` is changed here, and every completion runs here.
    private let queue = DispatchQueue(label: "lumatop.preview.fetch")
    /// The cache's reads and writes, off `queue` so a slow disk holds up no bookkeeping.
    private let disk = DispatchQueue(label: "lumatop.preview.cache")
    private let book = Locked(Book())
    /// One client per proxy (none for most): a client's proxy is fixed when it is made.
    private let clients = Locked([ProxySettings?: HTTPClient]())

    private struct Book {
        /// Completions waiting for each URL asked for and not answered yet.
        var waiting: [String: [Completion]] = [:]
        /// Missed in the cache, waiting for a request slot; the last is taken first.
        var queued: [WebURL] = []
        var running = 0
        var failures: [String: (failure: PreviewFailure, at: Date)] = [:]
    }

    /// `cache`: nil to fetch every time. `deadline`: seconds for a fetch, redirects and all.
    /// `environment`: where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are read.
    public init(cache: PreviewCache?, scheduler: any Scheduler = DispatchScheduler(),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                deadline: TimeInterval = defaultDeadline, maxBytes: Int = defaultMaxBytes) {
        self.cache = cache
        self.scheduler = scheduler
        self.environment = environment
        self.deadline = Bounded.wait(deadline)
        self.maxBytes = max(0, maxBytes)
    }

    deinit {
        for client in clients.current.values { _ = client.shutdown() }
    }

    /// The bytes of the image at `url`, handed to `completion` on the fetcher's own queue, never
    /// inside this call nor on the caller's thread: keep it short.
    public func fetch(_ url: String, completion: @escaping Completion) {
        queue.async { self.ask(url, completion) }
    }

    private func ask(_ url: String, _ completion: @escaping Completion) {
        if book.withLock({ b in b.waiting[url]?.append(completion) != nil }) { return }
        let web: WebURL
        do throws(PreviewFailure) { web = try Self.admit(url) } catch { return completion(.failure(error)) }
        let now = scheduler.now
        let remembered = book.withLock { b -> PreviewFailure? in
            b.failures = b.failures.filter { now.timeIntervalSince($0.value.at) < Self.retryAfter }
            if let failure = b.failures[url]?.failure { return failure }
            b.waiting[url] = [completion]
            return nil
        }
        if let remembered { return completion(.failure(remembered)) }
        disk.async { [cache] in
            let cached = cache?.read(url)
            self.queue.async {
                if let cached { return self.finish(url, .success(cached)) }
                self.book.withLock { $0.queued.append(web) }
                self.startQueued()
            }
        }
    }

    /// The URL rules, and plain http only from this machine: elsewhere anyone on the way could
    /// swap the picture.
    static func admit(_ url: String) throws(PreviewFailure) -> WebURL {
        let web: WebURL
        do throws(RefusedURL) { web = try WebURL(url) } catch { throw .refused(error) }
        guard web.isHTTPS || web.isLoopback else { throw .plainHTTPElsewhere }
        return web
    }

    private func startQueued() {
        while let next = book.withLock({ b -> WebURL? in
            guard b.running < Self.maxConcurrent, let next = b.queued.popLast() else { return nil }
            b.running += 1
            return next
        }) {
            let end = NIODeadline.now() + Bounded.timeAmount(deadline)
            get(next, until: end, visited: [next]) { result in
                self.queue.async {
                    self.book.withLock { $0.running -= 1 }
                    self.settle(next.text, result)
                    self.startQueued()
                }
            }
        }
    }

    /// A fetched picture is cached before anyone hears of it, so a fetch that follows finds it.
    private func settle(_ url: String, _ result: Result<[UInt8], PreviewFailure>) {
        switch result {
        case .success(let bytes):
            disk.async { [cache] in
                cache?.write(bytes, for: url)
                self.queue.async { self.finish(url, result) }
            }
        case .failure(let failure):
            let now = scheduler.now
            book.withLock { $0.failures[url] = (failure, now) }
            finish(url, result)
        }
    }

    private func finish(_ url: String, _ result: Result<[UInt8], PreviewFailure>) {
        let completions = book.withLock { $0.waiting.removeValue(forKey: url) } ?? []
        for completion in completions { completion(result) }
    }

    /// One GET of `url`, then of each redirect the rules allow, all within `end`.
    private func get(_ url: WebURL, until end: NIODeadline, visited: [WebURL], completion: @escaping Completion) {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url.text, method: .GET, headers: [
                "User-Agent": "lumatop/\(QuickRouterClient.version)",
                "Accept": PreviewBody.accept,
            ])
        } catch {
            return completion(.failure(.refused(.notAURL)))
        }
        let deadline = self.deadline
        let task = client(for: url).execute(request: request, delegate: PreviewBody(maxBytes: maxBytes), deadline: end)
        task.futureResult.whenComplete { result in
            switch result {
            case .success(let bytes):
                completion(.success(bytes))
            case .failure(PreviewBody.Stop.redirect(let location)):
                do throws(RefusedURL) {
                    let next = try url.redirect(to: location)
                    guard visited.count <= Self.maxRedirects, !visited.contains(next) else {
                        return completion(.failure(.tooManyRedirects))
                    }
                    self.get(next, until: end, visited: visited + [next], completion: completion)
                } catch {
                    completion(.failure(.redirect(error)))
                }
            case .failure(PreviewBody.Stop.failure(let failure)):
                completion(.failure(failure))
            case .failure(let error):
                completion(.failure(.classify(error, deadline: deadline)))
            }
        }
    }

    private func client(for url: WebURL) -> HTTPClient {
        let proxy = ProxySettings.from(environment: environment, scheme: url.isHTTPS ? "https" : "http", host: url.host)
        let deadline = self.deadline
        return clients.withLock { clients in
            if let client = clients[proxy] { return client }
            // Redirects are followed by our rules, not by the client's. The client tries a
            // refused connection again until its connect timeout: half the deadline at most, so
            // the failure itself, not the deadline, is what the pane says.
            var config = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: Bounded.timeAmount(min(deadline / 2, 10))),
                proxy: proxy.map {
                    let auth = $0.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy?.password ?? "") }
                    return .server(host: $0.host, port: $0.port, authorization: auth)
                })
            config.httpVersion = .http1Only
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
            clients[proxy] = client
            return client
        }
    }
}
