import Foundation
import LumaImage
import LumaKit
import LumaUI

/// The pictures of the previews: fetched (through the cache) and decoded off the main thread,
/// scaled for the room the frame gives them, and kept while the dashboard runs. The main thread
/// asks for what a frame needs and is poked when something it asked for is ready.
public final class Previews: Sendable {
    /// How this terminal shows pictures, chosen once at start.
    public let mode: PreviewMode
    /// One cell in pixels, as the terminal said or as assumed: the size sixel, kitty and
    /// iTerm2 pictures are scaled to.
    public let cell: CellSize
    private let fetcher: PreviewFetcher
    private let work = DispatchQueue(label: "lumatop.previews")
    private let shelf = Locked(Shelf())
    private let wake = Locked<(@Sendable () -> Void)?>(nil)
    /// Wraps sequences for tmux's passthrough when inside tmux.
    private let inTmux: Bool
    private let decodedHook = Locked<(@Sendable (String, Picture) -> Void)?>(nil)

    /// A failed fetch is asked again after this long (the fetcher itself answers repeats within
    /// a minute from memory).
    static let retryAfter: TimeInterval = 60
    /// Pictures kept decoded, least recently used dropped first.
    static let kept = 24

    struct Entry {
        /// `fitting`: the size the decoder was asked to keep at least (it scales down to it).
        enum Phase { case loading, failed(String, at: Date), decoded(Picture, fitting: Size, bytes: [UInt8]) }
        var phase: Phase
        var used: UInt64
    }

    struct Shelf {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    public init(mode: PreviewMode, cell: CellSize? = nil, fetcher: PreviewFetcher, inTmux: Bool) {
        self.mode = mode
        self.cell = cell ?? .assumed
        self.fetcher = fetcher
        self.inTmux = inTmux
    }

    /// A sequence for the terminal that draws pictures: through tmux's passthrough inside tmux.
    func wrap(_ sequence: String) -> String { inTmux ? TerminalSequence.tmuxPassthrough(sequence) : sequence }

    /// Called from any thread when something asked for is ready.
    func onReady(_ poke: @escaping @Sendable () -> Void) { wake.withLock { $0 = poke } }

    /// Called from any thread with each picture decoded (the official API's palettes are made from it).
    func onDecoded(_ take: @escaping @Sendable (String, Picture) -> Void) { decodedHook.withLock { $0 = take } }

    /// Wakes the main thread: something it asked for is ready.
    @Sendable func poke() { wake.withLock { $0 }?() }

    struct Size: Hashable { var width: Int, height: Int }

    enum Lookup {
        case ready(Picture)
        /// What shows meanwhile, or instead.
        case not(PreviewContent)
    }

    /// The decoded picture of `url`, at least `pixels` large where the image is, or what shows
    /// until there is one. Starts fetching and decoding what is not had yet; never waits for it.
    func decoded(url: String, pixels: Size, now: Date) -> Lookup {
        let (lookup, fetch) = shelf.withLock { s -> (Lookup, Bool) in
            s.clock += 1
            let known = s.entries[url]
            var entry = known ?? Entry(phase: .loading, used: 0)
            var fetch = known == nil
            // A failure is asked again after a while (the fetcher answers repeats from memory).
            if case .failed(_, let at) = entry.phase, now.timeIntervalSince(at) >= Self.retryAfter {
                entry.phase = .loading
                fetch = true
            }
            entry.used = s.clock
            defer { s.entries[url] = entry }
            switch entry.phase {
            case .decoded(let p, let fitting, let bytes):
                // Decoded for a smaller room than this one (the zoomed view): decode again, and
                // show this one meanwhile.
                if pixels.width > fitting.width || pixels.height > fitting.height {
                    entry.phase = .decoded(p, fitting: pixels, bytes: bytes)
                    decode(url, bytes, pixels: pixels)
                }
                return (.ready(p), false)
            case .failed(let why, _): return (.not(.unavailable(why)), false)
            case .loading: return (.not(.loading), fetch)
            }
        }
        if fetch { load(url, pixels: pixels) }
        return lookup
    }

    private func load(_ url: String, pixels: Size) {
        fetcher.fetch(url) { [self] result in
            switch result {
            case .success(let bytes): decode(url, bytes, pixels: pixels)
            case .failure(let why): settle(url, .failed(why.description, at: Date()))
            }
        }
    }

    private func decode(_ url: String, _ bytes: [UInt8], pixels: Size) {
        work.async { [self] in
            do throws(PictureError) {
                let p = try PictureDecoder.decode(bytes, fitting: (pixels.width, pixels.height))
                decodedHook.withLock { $0 }?(url, p)
                settle(url, .decoded(p, fitting: pixels, bytes: bytes))
            } catch {
                // Not kept for the next run: the host may mend it.
                fetcher.cache?.forget(url)
                settle(url, .failed(UntrustedText.line(error.description), at: .distantFuture))
            }
        }
    }

    private func settle(_ url: String, _ phase: Entry.Phase) {
        shelf.withLock { s in
            s.entries[url] = Entry(phase: phase, used: s.entries[url]?.used ?? s.clock)
            while s.entries.count > Self.kept, let oldest = s.entries.min(by: { $0.value.used < $1.value.used })?.key {
                s.entries[oldest] = nil
            }
        }
        poke()
    }
}
