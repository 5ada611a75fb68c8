import TermUI

/// A small form that is not a record: Tab moves, Esc cancels, and Ctrl-S (once the form's own
/// checks pass) hands over to `save()` — the closure given, or a subclass's own (the quick filter,
/// the review, a translation). Drawn centred, `width` wide at most and as tall as its fields.
class ClosureFormScreen: BoundScreen {
    let form: Form
    let context: AppContext
    private let width: Int
    private let height: (Form) -> Int
    private let onSave: (() -> Effect)?

    /// The rows a form of these fields needs: its fields, title, notice, hint line and border.
    static func fitted(_ form: Form) -> Int { form.fields.reduce(0) { $0 + $1.height } + 6 }

    init(form: Form, _ context: AppContext, onSave: (() -> Effect)? = nil, width: Int = 70,
         height: @escaping (Form) -> Int = ClosureFormScreen.fitted) {
        self.form = form
        self.context = context
        self.width = width
        self.height = height
        self.onSave = onSave
    }

    var bindings: BindingTable<FormAction> { Form.bindings }
    var helpTitle: String { form.title }
    func perform(_ action: FormAction) -> Effect { outcome(form.perform(action)) }
    func handleUnbound(_ key: Key) -> Effect? { outcome(form.handle(key)) }

    /// Ctrl-S with the form's checks passed.
    func save() -> Effect { onSave?() ?? .none }

    private func outcome(_ outcome: FormOutcome) -> Effect {
        switch outcome {
        case .editing: return .none
        case .cancel: return .pop
        case .save: return save()
        }
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        form.render(in: area.centered(width: min(width, area.width), height: min(area.height - 1, height(form))), on: &surface, theme: context.theme)
    }
}
