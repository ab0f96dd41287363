import Foundation
import Testing
import LumaDemo
@testable import LumaKit

/// The preview cache on real files, and the fetcher in front of it against a loopback host.
@Suite struct PreviewCacheTests {
    let picture = pictureBytes()

    func entry(_ cache: PreviewCache, _ url: String) -> String {
        cache.directory.appendingPathComponent(PreviewCacheEntry.name(for: url)).path
    }

    /// Whether `cache` answers `url` with the test picture (a Bool: a failure prints no bytes).
    func holds(_ cache: PreviewCache, _ url: String) -> Bool { cache.read(url) == picture }
    func misses(_ cache: PreviewCache, _ url: String) -> Bool { cache.read(url) == nil }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aRestartShowsWhatWasFetchedWithoutARequest() async throws {
        let dir = ScratchDirectory()
        let previews = dir.url.appendingPathComponent("lumatop/previews")
        let host = try ImageHost(picture)
        #expect(await PreviewFetcher(cache: PreviewCache(directory: previews)).fetched(host.url()) == .success(picture))
        #expect(host.requests == 1)
        let again = PreviewFetcher(cache: PreviewCache(directory: previews))
        #expect(await again.fetched(host.url()) == .success(picture))
        #expect(host.requests == 1, "served from the cache")
        #expect(try mode(previews.path) == 0o700)
        #expect(try mode(entry(PreviewCache(directory: previews), host.url())) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: previews.path).count == 1, "no temporary file left")
    }

    @Test func aForgottenEntryIsFetchedAgainAndOthersStay() throws {
        let dir = ScratchDirectory()
        let cache = PreviewCache(directory: dir.url)
        let a = "https://cdn.example/a.jpg", b = "https://cdn.example/b.jpg"
        cache.write(picture, for: a)
        cache.write(picture, for: b)
        cache.forget(a)
        #expect(misses(cache, a))
        #expect(holds(cache, b))
        cache.forget("https://cdn.example/never.jpg")
        #expect(holds(cache, b))
    }

    @Test func theDefaultDirectoryFollowsXDG() {
        #expect(PreviewCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/lumatop/previews")
        #expect(PreviewCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/h"]).path == "/h/.cache/lumatop/previews")
        #expect(PreviewCache.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.cache/lumatop/previews")
    }

    @Test func theLeastRecentlyUsedGoFirst() throws {
        let dir = ScratchDirectory()
        let clock = ManualScheduler()
        let one = PreviewCacheEntry.encode(picture, url: "https://cdn.example/a.jpg").count
        // Room for two entries, not three.
        let cache = PreviewCache(directory: dir.url, limit: one * 2 + one / 2, scheduler: clock)
        let a = "https://cdn.example/a.jpg", b = "https://cdn.example/b.jpg", c = "https://cdn.example/c.jpg"
        cache.write(picture, for: a)
        clock.advance(by: 1)
        cache.write(picture, for: b)
        clock.advance(by: 1)
        #expect(holds(cache, a), "a is used again: now b is the oldest")
        clock.advance(by: 1)
        cache.write(picture, for: c)
        #expect(misses(cache, b))
        clock.advance(by: 1)
        #expect(holds(cache, c))
        clock.advance(by: 1)
        #expect(holds(cache, a))
        clock.advance(by: 1)
        cache.write(picture, for: b)
        #expect(misses(cache, c), "c was used before a")
        #expect(holds(cache, a) && holds(cache, b))
    }

    @Test(arguments: ["truncated", "flipped", "empty", "garbage"])
    func aDamagedEntryIsAMissAndIsFetchedAgain(damage: String) async throws {
        let dir = ScratchDirectory()
        let host = try ImageHost(picture)
        let cache = PreviewCache(directory: dir.url)
        #expect(await PreviewFetcher(cache: cache).fetched(host.url()) == .success(picture))
        let path = entry(cache, host.url())
        var file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "truncated": file.removeLast(100)
        case "flipped": file[file.count - 7] ^= 0x40
        case "empty": file = []
        default: file = Array("lumatop-preview 1 99999999999 zz\n".utf8)
        }
        try Data(file).write(to: URL(fileURLWithPath: path))
        #expect(misses(cache, host.url()))
        #expect(!FileManager.default.fileExists(atPath: path), "removed")
        try Data(file).write(to: URL(fileURLWithPath: path))
        #expect(await PreviewFetcher(cache: cache).fetched(host.url()) == .success(picture))
        #expect(host.requests == 2)
        #expect(holds(cache, host.url()), "the refetched picture replaced it")
    }

    @Test func anotherURLsEntryUnderTheSameNameIsNeverServed() throws {
        let dir = ScratchDirectory()
        let cache = PreviewCache(directory: dir.url)
        let mine = "https://cdn.example/mine.jpg", theirs = "https://cdn.example/theirs.jpg"
        cache.write(picture, for: theirs)
        // As a hash collision would leave it: their entry at my name.
        try FileManager.default.copyItem(atPath: entry(cache, theirs), toPath: entry(cache, mine))
        #expect(misses(cache, mine))
        #expect(holds(cache, theirs))
        cache.write([1, 2, 3], for: mine)
        #expect(cache.read(mine) == [1, 2, 3])
    }

    @Test func aCacheThatCannotBeMadeOnlyTurnsCachingOff() async throws {
        let dir = ScratchDirectory()
        // A file where the directory should be: even root cannot make a directory there.
        let blocked = dir.url.appendingPathComponent("previews")
        try Data("not a directory".utf8).write(to: blocked)
        let host = try ImageHost(picture)
        let cache = PreviewCache(directory: blocked)
        let fetcher = PreviewFetcher(cache: cache)
        #expect(cache.notCached == nil)
        #expect(await fetcher.fetched(host.url()) == .success(picture))
        #expect(await fetcher.fetched(host.url()) == .success(picture))
        #expect(host.requests == 2, "fetched each time")
        let why = try #require(cache.notCached)
        #expect(why.hasPrefix("cannot make \(blocked.path)"))
        #expect(try String(contentsOf: blocked, encoding: .utf8) == "not a directory", "left as it was")

        let under = PreviewCache(directory: blocked.appendingPathComponent("deeper"))
        #expect(await PreviewFetcher(cache: under).fetched(host.url()) == .success(picture))
        #expect(under.notCached != nil)
    }

    @Test func symlinksInsideAreNeitherFollowedNorRemoved() throws {
        let dir = ScratchDirectory()
        let outside = ScratchDirectory()
        let victim = outside.url.appendingPathComponent("precious")
        try Data(repeating: 9, count: 50_000).write(to: victim)
        let one = PreviewCacheEntry.encode(picture, url: "https://cdn.example/first.jpg").count
        let cache = PreviewCache(directory: dir.url.appendingPathComponent("previews"), limit: one + one / 2)
        let url = "https://cdn.example/a.jpg"
        cache.write(picture, for: "https://cdn.example/first.jpg")
        // Planted at the entry's name and at a name the cache would own.
        try FileManager.default.createSymbolicLink(atPath: entry(cache, url), withDestinationPath: victim.path)
        try FileManager.default.createSymbolicLink(atPath: cache.directory.appendingPathComponent(String(repeating: "0", count: 32) + ".preview").path,
                                                   withDestinationPath: victim.path)
        #expect(misses(cache, url))
        cache.write(picture, for: "https://cdn.example/b.jpg")
        cache.write(picture, for: url)
        #expect(holds(cache, url), "the entry replaced the link, not what it pointed to")
        #expect(try Data(contentsOf: victim) == Data(repeating: 9, count: 50_000))
    }

    @Test func filesTheCacheDidNotNameAreKept() throws {
        let dir = ScratchDirectory()
        let cache = PreviewCache(directory: dir.url, limit: 1)
        let note = dir.url.appendingPathComponent("README")
        try Data(repeating: 1, count: 10_000).write(to: note)
        cache.write(picture, for: "https://cdn.example/a.jpg")
        #expect(misses(cache, "https://cdn.example/a.jpg"), "larger than the limit: not kept")
        #expect(FileManager.default.fileExists(atPath: note.path))
    }
}
