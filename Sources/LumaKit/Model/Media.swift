/// One media object of an answer (`video`, `video_raw`, `thumbnail`, `last_frame`). Every field is
/// optional: real answers leave some out or null, and which ones differ by kind.
///
/// The fields live in one shared immutable box: an answer holds eight media (four and the
/// artifact's copies), so inline they were 832 of an answer's 944 bytes; boxed, a medium is one
/// pointer and the artifact's copy is the same box. Setting a field boxes a changed copy.
public struct Media: Hashable, Sendable {
    struct Fields: Hashable, Sendable {
        var url: String?
        var width: Int?
        var height: Int?
        var downloadURL: String?
        var duration: Double?
        var mediaType: String?
        var palette: Palette?
    }

    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(fields: Fields) { box = Box(fields) }

    var fields: Fields { box.fields }

    public init(url: String? = nil, width: Int? = nil, height: Int? = nil, downloadURL: String? = nil,
                duration: Double? = nil, mediaType: String? = nil, palette: Palette? = nil) {
        self.init(fields: Fields(url: url, width: width, height: height, downloadURL: downloadURL,
                                 duration: duration, mediaType: mediaType, palette: palette))
    }

    private mutating func change(_ body: (inout Fields) -> Void) {
        var f = box.fields
        body(&f)
        box = Box(f)
    }

    public var url: String? { get { box.fields.url } set { change { $0.url = newValue } } }
    public var width: Int? { get { box.fields.width } set { change { $0.width = newValue } } }
    public var height: Int? { get { box.fields.height } set { change { $0.height = newValue } } }
    public var downloadURL: String? { get { box.fields.downloadURL } set { change { $0.downloadURL = newValue } } }
    /// Seconds, on `video_raw` (e.g. 5.041667).
    public var duration: Double? { get { box.fields.duration } set { change { $0.duration = newValue } } }
    public var mediaType: String? { get { box.fields.mediaType } set { change { $0.mediaType = newValue } } }
    public var palette: Palette? { get { box.fields.palette } set { change { $0.palette = newValue } } }

    /// The same box, or equal fields.
    public static func == (a: Media, b: Media) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
}
