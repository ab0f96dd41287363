import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import LumaKit

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) on swift-nio. Each request goes to the
/// handler; its answer may be delayed or withheld without holding up other connections.
public final class DemoServer: Sendable {
    private let handler: @Sendable (DemoRequest) -> DemoResponse
    private let onAnswered: (@Sendable () -> Void)?
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let state = Locked(Listening())

    private struct Listening {
        var channel: (any NIOCore.Channel)?
        var port = 0
        var children: [ObjectIdentifier: any NIOCore.Channel] = [:]
        var accepted = 0
        var stopped = false
    }

    /// `onAnswered` runs after each answer is written, or when its connection closes unanswered.
    public init(handler: @escaping @Sendable (DemoRequest) -> DemoResponse, onAnswered: (@Sendable () -> Void)? = nil) {
        self.handler = handler
        self.onAnswered = onAnswered
    }

    deinit { stop() }

    /// Binds 127.0.0.1:0 and returns the port.
    @discardableResult
    public func start() throws -> Int {
        let handler = self.handler
        let onAnswered = self.onAnswered
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [weak self] channel in
                self?.remember(channel)
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(handler: handler, onAnswered: onAnswered))
                }
            }
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 0
        state.withLock { $0.channel = channel; $0.port = port }
        return port
    }

    public var port: Int { state.withLock { $0.port } }
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Connections accepted so far (tests check that keep-alive reuses them).
    public var connectionsAccepted: Int { state.withLock { $0.accepted } }
    /// Connections open now (tests check that a client that gave up closed its own).
    public var connectionsOpen: Int { state.withLock { $0.children.count } }

    /// Closes the listener and every open connection, hung ones included. Idempotent.
    public func stop() {
        let (listener, children, wasStopped) = state.withLock { s in
            defer { s.stopped = true; s.channel = nil; s.children = [:] }
            return (s.channel, Array(s.children.values), s.stopped)
        }
        if wasStopped { return }
        let group = self.group
        let shutdown: @Sendable () -> Void = {
            try? listener?.close().wait()
            for child in children { try? child.close().wait() }
            try? group.syncShutdownGracefully()
        }
        // Waiting on our own event loop would deadlock (a handler that stops the server).
        if group.any().inEventLoop { DispatchQueue.global().async(execute: shutdown) } else { shutdown() }
    }

    private func remember(_ channel: any NIOCore.Channel) {
        let key = ObjectIdentifier(channel)
        state.withLock { $0.children[key] = channel; $0.accepted += 1 }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLock { $0.children.removeValue(forKey: key) }
        }
    }
}

/// Collects one request, asks the handler, writes the answer after its delay. The HTTP pipeline
/// holds a keep-alive connection's next request until this answer ends, so one is in flight.
private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: @Sendable (DemoRequest) -> DemoResponse
    private let onAnswered: (@Sendable () -> Void)?
    private var head: HTTPRequestHead?
    private var body = Data()
    // The answer not yet written; touched on the event loop only.
    private var inFlight: DemoResponse?

    init(handler: @escaping @Sendable (DemoRequest) -> DemoResponse, onAnswered: (@Sendable () -> Void)?) {
        self.handler = handler
        self.onAnswered = onAnswered
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = Data()
        case .body(let part):
            // Enough for a batch query of any sensible size; more is dropped.
            if body.count < 1 << 20 { body.append(contentsOf: part.readableBytesView) }
        case .end:
            guard let head else { return }
            self.head = nil
            let uri = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let request = DemoRequest(method: head.method.rawValue, path: String(uri[0]),
                                      headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body,
                                      query: uri.count > 1 ? String(uri[1]) : "")
            body = Data()
            let response = handler(request)
            inFlight = response
            if response.hang { return }
            if response.cut { context.close(promise: nil); return }
            let keepAlive = head.isKeepAlive
            let version = head.version
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let write = { @Sendable [self] in self.respond(loopBound.value, version: version, keepAlive: keepAlive) }
            if response.delay > 0 {
                context.eventLoop.scheduleTask(in: Bounded.timeAmount(response.delay)) { write() }
            } else {
                write()
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Closed before the answer went out: hung, or the client gave up.
        if let r = inFlight { inFlight = nil; finish(r) }
        context.fireChannelInactive()
    }

    private func finish(_ r: DemoResponse) {
        r.onFinished?()
        onAnswered?()
    }

    private func respond(_ context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool) {
        // Taken out first: writing the end may deliver this connection's next request at once.
        guard let r = inFlight else { return }
        inFlight = nil
        guard context.channel.isActive else { finish(r); return }
        var headers = HTTPHeaders(r.headers.map { ($0.name, $0.value) })
        var version = version
        switch r.framing {
        case .length: headers.replaceOrAdd(name: "Content-Length", value: String(r.body.count))
        case .declaredLength(let value): headers.replaceOrAdd(name: "Content-Length", value: value)
        case .untilClose: version = .http1_0  // the encoder then adds no chunked framing
        case .chunked: headers.remove(name: "Content-Length")
        }
        if !keepAlive || r.framing.closesAfterBody { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: r.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let chunk = max(1, r.trickle?.bytes ?? r.body.count)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        // Writes the body from `offset`, a chunk at a time when trickling, then the end.
        @Sendable func send(from offset: Int) {
            let context = loopBound.value
            guard context.channel.isActive else { finish(r); return }
            let end = min(r.body.count, offset + chunk)
            var written = context.eventLoop.makeSucceededVoidFuture()
            if end > offset {
                var buffer = context.channel.allocator.buffer(capacity: end - offset)
                buffer.writeBytes(r.body[r.body.startIndex + offset..<r.body.startIndex + end])
                written = context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))))
            }
            if end < r.body.count, let every = r.trickle?.every {
                context.eventLoop.scheduleTask(in: Bounded.timeAmount(every)) { send(from: end) }
                return
            }
            let channel = context.channel
            if r.framing.closesAfterBody {
                // No end marker: the connection closing, once the body is out, is all the client learns.
                written.whenComplete { [self] _ in
                    channel.close(promise: nil)
                    finish(r)
                }
                return
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [self] _ in
                finish(r)
                if !keepAlive { channel.close(promise: nil) }
            }
        }
        send(from: 0)
    }
}
