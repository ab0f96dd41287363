import LumaUI

extension Runtime {
    /// The config's keys and list columns, set before the first key.
    public func use(keymap: Keymap, columns: [ColumnID]) {
        state.keymap = keymap
        state.columns = columns
    }
}
