// The few pieces of ncursesw that Swift 6 cannot use directly (macros, C globals, varargs,
// signal handlers), as small C functions. Only TermUI's curses backend imports this module.
#ifndef FACET_CNCURSESW_SHIM_H
#define FACET_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <term.h>

// MARK: the process

/// Gives the C allocator's free pages back to the system (glibc's malloc_trim): memory a finished
/// background read freed stays in its thread's arena otherwise, for the rest of the session.
static inline int facet_return_free_memory(void) { return malloc_trim(0); }

// MARK: globals and macros

static inline int facet_lines(void) { return LINES; }
static inline int facet_cols(void) { return COLS; }
static inline int facet_colors(void) { return COLORS; }
static inline int facet_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *facet_stdscr(void) { return stdscr; }
static inline int facet_err(void) { return ERR; }
static inline int facet_key_code_yes(void) { return KEY_CODE_YES; }

static inline int facet_key_up(void) { return KEY_UP; }
static inline int facet_key_down(void) { return KEY_DOWN; }
static inline int facet_key_left(void) { return KEY_LEFT; }
static inline int facet_key_right(void) { return KEY_RIGHT; }
static inline int facet_key_home(void) { return KEY_HOME; }
static inline int facet_key_end(void) { return KEY_END; }
static inline int facet_key_ppage(void) { return KEY_PPAGE; }
static inline int facet_key_npage(void) { return KEY_NPAGE; }
static inline int facet_key_backspace(void) { return KEY_BACKSPACE; }
static inline int facet_key_dc(void) { return KEY_DC; }
static inline int facet_key_ic(void) { return KEY_IC; }
static inline int facet_key_enter(void) { return KEY_ENTER; }
static inline int facet_key_btab(void) { return KEY_BTAB; }
static inline int facet_key_resize(void) { return KEY_RESIZE; }
static inline int facet_key_f(int n) { return KEY_F(n); }

static inline attr_t facet_a_bold(void) { return A_BOLD; }
static inline attr_t facet_a_dim(void) { return A_DIM; }
static inline attr_t facet_a_underline(void) { return A_UNDERLINE; }
static inline attr_t facet_a_reverse(void) { return A_REVERSE; }
static inline attr_t facet_a_italic(void) { return A_ITALIC; }

// MARK: start-up

/// What terminfo says of `term`, checked before initscr (which would exit() with a terse message,
/// or, for a terminal without cursor addressing such as "dumb", start and draw garbage):
/// 0 no entry, 1 a full-screen terminal, 2 an entry without cursor addressing (cup).
static inline int facet_terminal_check(const char *term) {
    int err = 0;
    if (term == NULL || term[0] == '\0') return 0;
    if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) return 0;
    char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return addressable ? 1 : 2;
}

static inline void facet_set_locale(void) { setlocale(LC_ALL, ""); }

/// 1 when the C library's codeset after setlocale is UTF-8 (line drawing falls back to ASCII otherwise).
static inline int facet_locale_is_utf8(void) {
    const char *cs = setlocale(LC_CTYPE, NULL);
    if (cs == NULL) return 0;
    return strstr(cs, "UTF-8") != NULL || strstr(cs, "utf8") != NULL || strstr(cs, "UTF8") != NULL
        || strstr(cs, "utf-8") != NULL;
}

static inline void facet_set_escdelay(int ms) { set_escdelay(ms); }

// MARK: output

/// Puts one grapheme (up to CCHARW_MAX code points) at y, x with attributes and a colour pair.
static inline int facet_put_cell(int y, int x, const wchar_t *chars, int count, attr_t attrs, int pair) {
    cchar_t cc;
    wchar_t buf[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buf[i] = chars[i];
    buf[n] = L'\0';
    if (setcchar(&cc, buf, attrs, (short)pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

static inline int facet_move(int y, int x) { return wmove(stdscr, y, x); }

// MARK: input

/// Reads one wide character or key code; returns ERR on timeout, KEY_CODE_YES for a key code, OK for a char.
static inline int facet_get_wch(int *out) {
    wint_t ch = 0;
    int rc = wget_wch(stdscr, &ch);
    *out = (int)ch;
    return rc;
}

// MARK: signals
// Handlers only set a flag (SIGTERM, SIGHUP, SIGINT) or restore the terminal and re-raise (crashes),
// as htop's CRT.c does. The main loop polls the flag between events.

static volatile sig_atomic_t facet_quit_signal = 0;

static void facet_on_quit_signal(int sig) { facet_quit_signal = sig; }

static void facet_on_crash_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void facet_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = facet_on_quit_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = facet_on_crash_signal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static inline int facet_pending_quit_signal(void) { return (int)facet_quit_signal; }

/// Whether the terminal has gone away (the SSH connection or the pty's other side closed)
/// without a SIGHUP reaching us: reads then fail at once, forever.
static inline int facet_input_hung_up(void) {
    struct pollfd p;
    p.fd = STDIN_FILENO;
    p.events = POLLIN;
    p.revents = 0;
    if (poll(&p, 1, 0) < 0) return 0;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/// After the terminal is restored, a quit signal is re-raised with its default action so the
/// parent sees the real cause of exit.
static inline void facet_reraise(int sig) {
    signal(sig, SIG_DFL);
    raise(sig);
}

#endif
