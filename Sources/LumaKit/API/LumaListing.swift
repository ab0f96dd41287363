import Foundation

/// One page of `GET /generations`: `{generations: [...], count, has_more, limit, offset}`.
struct LumaPage: Sendable {
    var generations: [Generation]
    /// nil when the page did not say.
    var hasMore: Bool?
    /// Entries in the page, generations or not: how far the next page's offset moves.
    var size: Int

    /// An entry that is not a generation is left out (one odd entry does not spoil a page); a
    /// page whose entries are all in another API's shape is not the official API's answer.
    static func decode(_ body: Data) throws(APIError) -> LumaPage {
        let result = body.withUnsafeBytes { raw -> Result<LumaPage, JSONReadError> in
            GenerationDecoder.read(raw.bindMemory(to: UInt8.self)) { (r: inout JSONReader) throws(JSONReadError) in
                try r.beginObject()
                var page: LumaPage?
                var hasMore: Bool?
                var first = true
                while let key = try r.nextKey(&first) {
                    switch key {
                    case .generations:
                        let (generations, entries) = try r.generations(depth: 2)
                        page = LumaPage(generations: generations, hasMore: nil, size: entries)
                    case .hasMore: hasMore = try r.optionalBool()
                    default: try r.skipValue()
                    }
                }
                guard var page else { throw .missing("generations", path: []) }
                page.hasMore = hasMore
                return page
            }
        }
        switch result {
        case .success(let page):
            if page.size > 0, !page.generations.isEmpty, !page.generations.contains(where: { $0.provider == .luma }) {
                throw .notLumaAnswer(excerpt: GenerationDecoder.excerpt(of: body))
            }
            return LumaPage(generations: page.generations.filter { $0.provider == .luma }, hasMore: page.hasMore,
                            size: page.size)
        case .failure(let error):
            throw .decoding(reason: error.reason, excerpt: GenerationDecoder.excerpt(of: body))
        }
    }
}

/// Where the list's paging stands. It ends at the limit, on a page that says there are no more,
/// an empty page, or a page that brings nothing new: a server that never ends or repeats its
/// pages costs at most one request per generation gathered.
struct ListPaging: Sendable {
    let limit: Int
    private(set) var gathered: [Generation] = []
    private var seen = Set<String>()
    private var offset = 0
    private var done = false

    init(limit: Int) { self.limit = min(max(limit, 0), LumaClient.longestList) }

    /// The page to ask for next, or nil when the list is complete.
    var nextRequest: (limit: Int, offset: Int)? {
        guard !done, gathered.count < limit else { return nil }
        return (min(LumaClient.pageSize, limit - gathered.count), offset)
    }

    mutating func take(_ page: LumaPage) {
        let before = gathered.count
        for g in page.generations where gathered.count < limit && seen.insert(g.id).inserted { gathered.append(g) }
        offset += page.size
        if page.size == 0 || page.hasMore == false || gathered.count == before { done = true }
    }
}

extension JSONReader {
    /// `true`, `false` or null; other kinds are wrong types.
    mutating func optionalBool() throws(JSONReadError) -> Bool? {
        if try null() { return nil }
        guard let c = peek() else { throw .notJSON }
        guard c == UInt8(ascii: "t") || c == UInt8(ascii: "f") else { try skipValue(); throw .expected("Bool", path: []) }
        try skipValue()
        return c == UInt8(ascii: "t")
    }
}
