// The one file that talks to ncursesw. Start-up follows DESIGN.md and htop's CRT.c: locale first,
// terminfo checked before initscr, ESCDELAY 25 ms unless the user set it, raw mode, keypad,
// default colours; restored on every exit path.
import CNCursesW
import Foundation

public final class CursesBackend: Backend {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public private(set) var size: Size
    public let colorCount: Int
    public let supportsUnicode: Bool
    private var previous: Surface?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var isActive = false

    private struct PairKey: Hashable { var fg: Int32, bg: Int32 }

    /// Puts the terminal in full-screen mode. Throws a readable error when standard input/output is
    /// not a terminal or TERM cannot be drawn on (see `checkTerminal`).
    public init() throws {
        facet_set_locale()
        try Self.checkTerminal()
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { facet_set_escdelay(25) }
        supportsUnicode = facet_locale_is_utf8() == 1
        initscr()
        isActive = true
        facet_install_signal_handlers()
        raw()
        noecho()
        nonl()
        keypad(facet_stdscr(), true)
        meta(facet_stdscr(), true)
        var colors = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(facet_colors())
        }
        colorCount = colors >= 256 ? 256 : (colors >= 16 ? 16 : (colors >= 8 ? 8 : 0))
        curs_set(0)
        // ncurses 6.4 flushes its output at every cursor move until the screen has once been left
        // and entered again (`_nc_mvcur` flushes while `_endwin` is still "initial"), so a
        // selection move went out as five or six write()s, each one waking the terminal. Leaving
        // and re-entering once at start makes every later frame one write.
        endwin()
        refresh()
        size = Size(width: Int(facet_cols()), height: Int(facet_lines()))
    }

    deinit { restore() }

    /// Whether this process can go full-screen here, without touching the terminal: standard input
    /// and output are a TTY, and TERM names a terminfo entry with cursor addressing. `TERM=dumb`
    /// (an entry with none: ncurses would start and draw garbage) and unknown names are refused
    /// with a sentence saying what to do. Call it before any other work that a refusal would waste.
    public static func checkTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StartError(description: "facet needs a terminal: standard input and output must be a TTY.")
        }
        let term = environment["TERM"] ?? ""
        let shown = term.isEmpty ? "(not set)" : "\"\(term)\""
        switch facet_terminal_check(term) {
        case 1:
            return
        case 2:
            throw StartError(description: "facet cannot drive this terminal: TERM is \(shown), a terminal that cannot move the cursor, and facet draws the whole screen.\nRun it in a terminal emulator or console with a full-screen TERM, e.g. TERM=xterm-256color, linux or vt100.")
        default:
            throw StartError(description: "facet cannot drive this terminal: TERM is \(shown) and has no terminfo entry.\nTry TERM=xterm-256color, or install ncurses-term for more terminal types.")
        }
    }

    /// Leaves full-screen mode; safe to call more than once.
    public func restore() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
    }

    /// Set when the terminal went away without a hang-up signal: treated as one.
    private var terminalGone = false

    public var pendingQuitSignal: Int32? {
        let s = facet_pending_quit_signal()
        if s != 0 { return s }
        return terminalGone ? SIGHUP : nil
    }

    /// Re-raises a quit signal after the terminal is restored, so the exit status tells the truth.
    public static func reraise(_ signal: Int32) { facet_reraise(signal) }

    /// A key read while looking past an Escape (Alt+key arrives as Escape then the key): given next.
    private var pending: Event?

    public func nextEvent(timeoutMilliseconds: Int) -> Event {
        if let event = pending { pending = nil; return event }
        wtimeout(facet_stdscr(), Int32(timeoutMilliseconds))
        var code: Int32 = 0
        let rc = facet_get_wch(&code)
        if rc == facet_err() {
            // No key, or no terminal any more: a closed pty or dropped connection makes every read
            // fail at once; without this the loop would spin and never keep the user's input.
            if facet_input_hung_up() != 0 { terminalGone = true }
            return .tick
        }
        if rc == facet_key_code_yes() {
            if code == facet_key_resize() {
                size = Size(width: Int(facet_cols()), height: Int(facet_lines()))
                previous = nil
                return .resize(size)
            }
            return decodeKeyCode(code).map(Event.key) ?? .tick
        }
        if code == 27 { return escapeOrSequence() }
        return decodeCharacter(code).map(Event.key) ?? .tick
    }

    /// After an Escape, what already followed it (ncurses waited ESCDELAY for a sequence it knows):
    /// nothing — Escape; "[" or "O" and more — a sequence this terminal's terminfo does not name,
    /// read whole and decoded by `EscapeSequence` (dropped when it means no key, never typed);
    /// anything else — Escape, and that key next.
    private func escapeOrSequence() -> Event {
        wtimeout(facet_stdscr(), 0)
        func read() -> (Int32, Int32) { var c: Int32 = 0; let rc = facet_get_wch(&c); return (rc, c) }
        let (rc, first) = read()
        if rc == facet_err() { return .key(.escape) }
        if rc == facet_key_code_yes() {
            pending = decodeKeyCode(first).map(Event.key)
            return .key(.escape)
        }
        guard let introducer = Unicode.Scalar(UInt32(first)), introducer == "[" || introducer == "O" else {
            pending = decodeCharacter(first).map(Event.key)
            return .key(.escape)
        }
        var body = String(introducer)
        for _ in 0..<16 {
            let (rc, c) = read()
            guard rc != facet_err() else { break }
            guard rc != facet_key_code_yes(), let scalar = Unicode.Scalar(UInt32(c)) else { break }
            body.unicodeScalars.append(scalar)
            if EscapeSequence.isFinal(scalar, introducer: introducer) { break }
        }
        // Escape then "[" alone (typed, not sent by a terminal) stays what was typed.
        if body.count == 1 {
            pending = .key(.char(Character(introducer)))
            return .key(.escape)
        }
        return EscapeSequence.key(body).map(Event.key) ?? .tick
    }

    private func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case facet_key_up(): return .up
        case facet_key_down(): return .down
        case facet_key_left(): return .left
        case facet_key_right(): return .right
        case facet_key_home(): return .home
        case facet_key_end(): return .end
        case facet_key_ppage(): return .pageUp
        case facet_key_npage(): return .pageDown
        case facet_key_backspace(): return .backspace
        case facet_key_dc(): return .delete
        case facet_key_ic(): return .insert
        case facet_key_enter(): return .enter
        case facet_key_btab(): return .backTab
        default:
            for n in 1...24 where code == facet_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    private func decodeCharacter(_ code: Int32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .char(Character(scalar))
        }
    }

    public func forgetScreen() { previous = nil }

    public func draw(_ surface: Surface) {
        let old = previous.flatMap { $0.width == surface.width && $0.height == surface.height ? $0.cells : nil }
        if old == nil { clear() }
        var buffer = [wchar_t](repeating: 0, count: 8)
        let width = surface.width
        // The cells are compared in place (no copy of each cell and of the last frame per cell):
        // a selection move changes a few dozen of the 1,920 cells, and this loop is most of `draw`.
        surface.cells.withUnsafeBufferPointer { cells in
          (old ?? []).withUnsafeBufferPointer { oldCells in
            for i in 0..<cells.count {
                if cells[i].isContinuation { continue }
                if !oldCells.isEmpty, oldCells[i] == cells[i] { continue }
                let cell = cells[i]
                let (y, x) = i.quotientAndRemainder(dividingBy: width)
                if !supportsUnicode {
                    // Not a UTF-8 locale: ASCII only, one character per cell the grapheme takes.
                    for (k, c) in ASCIIFallback.text(for: cell.grapheme, width: Int(cell.width)).unicodeScalars.enumerated() {
                        buffer[0] = wchar_t(bitPattern: c.value)
                        _ = facet_put_cell(Int32(y), Int32(x + k), buffer, 1, attributes(cell.style), pair(for: cell.style))
                    }
                    continue
                }
                var n: Int32 = 0
                cell.forEachScalar { scalar in
                    buffer[Int(n)] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                if n == 0 { buffer[0] = 32; n = 1 }
                _ = facet_put_cell(Int32(y), Int32(x), buffer, n, attributes(cell.style), pair(for: cell.style))
            }
          }
        }
        if let cursor = surface.cursor {
            curs_set(1)
            _ = facet_move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(facet_stdscr())
        doupdate()
        previous = surface
    }

    private func attributes(_ style: Style) -> attr_t {
        var a: attr_t = 0
        let attrs = style.attributes
        if attrs.contains(.bold) { a |= facet_a_bold() }
        if attrs.contains(.dim) { a |= facet_a_dim() }
        if attrs.contains(.underline) { a |= facet_a_underline() }
        if attrs.contains(.reverse) { a |= facet_a_reverse() }
        if attrs.contains(.italic) { a |= facet_a_italic() }
        return a
    }

    /// Colour pairs are made on first use; when the terminal runs out, the default pair is used.
    private func pair(for style: Style) -> Int32 {
        guard colorCount > 0 else { return 0 }
        let fg = Int32(style.foreground.quantized(toColors: colorCount) ?? -1)
        let bg = Int32(style.background.quantized(toColors: colorCount) ?? -1)
        if fg == -1 && bg == -1 { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        guard nextPair < min(facet_color_pairs(), 32767) else { return 0 }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, fg, bg)
        pairs[key] = p
        return p
    }
}

/// The process's memory, for a session that stays open all day on a server shared by many users.
/// Here because only the curses backend speaks to C directly (the `CNCursesW` shim).
public enum ProcessMemory {
    /// Returns the allocator's free pages to the system. Worth calling when a burst of work on
    /// another thread has ended (the dashboard's figures): what it freed would otherwise stay
    /// counted against this session until it ends.
    public static func returnFreePages() { _ = facet_return_free_memory() }
}
