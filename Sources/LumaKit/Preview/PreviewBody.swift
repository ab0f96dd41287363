import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Reads one answer of a media host for a preview: judged by its head (status, Content-Type,
/// Content-Length) before any of the body is read, then kept in memory up to `maxBytes`. Every
/// call comes from the request's event loop, one at a time.
final class PreviewBody: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = [UInt8]

    /// Ends reading an answer that will not be a preview: the task fails with it.
    enum Stop: Error {
        case redirect(String)
        case failure(PreviewFailure)
    }

    /// What lumatop decodes, and so all it asks for.
    static let imageTypes = ["image/jpeg", "image/png", "image/webp"]
    static let accept = imageTypes.joined(separator: ", ")

    private let maxBytes: Int
    private var bytes: [UInt8] = []

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        if let stop = judge(head) { return task.eventLoop.makeFailedFuture(stop) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        // A body with no length, or longer than it said, is cut here rather than held.
        guard buffer.readableBytes <= maxBytes - bytes.count else {
            bytes = []
            return task.eventLoop.makeFailedFuture(Stop.failure(.tooLarge(limit: maxBytes)))
        }
        bytes.append(contentsOf: buffer.readableBytesView)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> [UInt8] { bytes }

    private func judge(_ head: HTTPResponseHead) -> Stop? {
        let status = Int(head.status.code)
        switch status {
        case 301, 302, 303, 307, 308:
            guard let location = head.headers.first(name: "Location") else { return .failure(.http(status)) }
            return .redirect(location)
        case 200..<300:
            let type = head.headers.first(name: "Content-Type")
            guard let type, Self.imageTypes.contains(Self.mediaType(type)) else {
                return .failure(.notAnImage(contentType: type))
            }
            if DeclaredSize.contentLength(head.headers["Content-Length"]).map({ $0 > Int64(maxBytes) }) == true {
                return .failure(.tooLarge(limit: maxBytes))
            }
            return nil
        default:
            return .failure(.http(status))
        }
    }

    /// `image/JPEG; charset=x` → `image/jpeg`.
    static func mediaType(_ contentType: String) -> String {
        let type = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
