import LumaKit

/// The new-generation form (`n`, `e`, `N`): what it holds, which field has the cursor, and how far
/// the order has gone (edited, shown for a yes, on its way).
public struct GenerationForm: Hashable, Sendable {
    public enum Field: Int, CaseIterable, Hashable, Sendable {
        case prompt, aspectRatio, model, loop, image, endImage, create

        public var label: String {
            switch self {
            case .prompt: "prompt"
            case .aspectRatio: "aspect"
            case .model: "model"
            case .loop: "loop"
            case .image: "start image"
            case .endImage: "end image"
            case .create: "Create"
            }
        }
    }

    public enum Stage: Hashable, Sendable {
        case editing
        /// The exact request is shown; `y` sends it, `n` goes back.
        case confirming(GenerationOrder, CreateRequest)
        /// Sent; the answer has not come yet.
        case sending(GenerationOrder)
        /// Esc with a prompt written: close and lose it?
        case confirmingClose
    }

    /// What the user fills in; remembered once sent, for the next `n`.
    public struct Values: Hashable, Sendable {
        public var prompt = ""
        public var aspectRatio = "16:9"
        /// Empty: the service's default.
        public var model = ""
        public var loop = false
        public var image = ""
        public var endImage = ""
        public init() {}
    }

    /// The models the form offers; the empty one leaves the choice to the service.
    public static let models = ["", "ray-v1", "ray-v2"]

    public var kind: GenerationOrder.Kind
    public var prompt: EditableText
    public var aspectRatio: String
    public var model: String
    public var loop: Bool
    public var image: EditableText
    public var endImage: EditableText
    public var field: Field = .prompt
    public var stage: Stage = .editing
    /// Why the last try was not sent, or what it came to: shown in the form.
    public var problem: String?

    public init(kind: GenerationOrder.Kind = .create, values: Values = Values()) {
        self.kind = kind
        prompt = EditableText(values.prompt, multiline: true)
        aspectRatio = values.aspectRatio
        model = values.model
        loop = values.loop
        image = EditableText(values.image, multiline: false)
        endImage = EditableText(values.endImage, multiline: false)
    }

    public var values: Values {
        var v = Values()
        v.prompt = prompt.text
        v.aspectRatio = aspectRatio
        v.model = model
        v.loop = loop
        v.image = image.text
        v.endImage = endImage.text
        return v
    }

    /// The order the form stands for; empty fields are left out.
    public var order: GenerationOrder {
        func given(_ s: String) -> String? {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        return GenerationOrder(kind: kind, prompt: prompt.text.trimmingCharacters(in: .whitespacesAndNewlines),
                               aspectRatio: aspectRatio, model: given(model), loop: loop,
                               image: given(image.text), endImage: given(endImage.text))
    }

    /// The heading: what the form makes.
    public var heading: String {
        switch kind {
        case .create: "new generation"
        case .extend(let parent): "extend \(UntrustedText.line(parent))"
        }
    }

    var isSending: Bool {
        if case .sending = stage { true } else { false }
    }

    /// Tab and ↓ go to the next field, Shift-Tab and ↑ to the one before; both wrap around.
    mutating func move(by step: Int) {
        let all = Field.allCases
        field = all[(field.rawValue + step + all.count) % all.count]
    }

    /// ← and → on a choice: the next or previous aspect ratio or model, or the loop switched.
    /// False on a field that is not a choice.
    mutating func cycle(by step: Int) -> Bool {
        func next(_ list: [String], _ value: String) -> String {
            // A value not in the list (an `N` of an odd ratio) starts from the list's first.
            guard let i = list.firstIndex(of: value) else { return list[step > 0 ? 0 : list.count - 1] }
            return list[(i + step + list.count) % list.count]
        }
        switch field {
        case .aspectRatio: aspectRatio = next(GenerationOrder.aspectRatios, aspectRatio)
        case .model: model = next(Self.models, model)
        case .loop: loop.toggle()
        case .prompt, .image, .endImage, .create: return false
        }
        return true
    }

    /// The text field with the cursor, if it is one.
    var text: WritableKeyPath<GenerationForm, EditableText>? {
        switch field {
        case .prompt: \.prompt
        case .image: \.image
        case .endImage: \.endImage
        case .aspectRatio, .model, .loop, .create: nil
        }
    }
}
