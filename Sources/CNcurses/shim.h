// The only C in the house. SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character
// API (cchar_t, get_wch, mvadd_wch) must be switched on here before curses.h is read.
#ifndef LUMATOP_CNCURSES_SHIM_H
#define LUMATOP_CNCURSES_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Macros and globals Swift cannot see.
static inline WINDOW *lt_stdscr(void) { return stdscr; }
static inline int lt_lines(void) { return LINES; }
static inline int lt_cols(void) { return COLS; }
static inline int lt_colors(void) { return COLORS; }
static inline int lt_color_pairs(void) { return COLOR_PAIRS; }
static inline int lt_key_resize(void) { return KEY_RESIZE; }
static inline attr_t lt_a_bold(void) { return WA_BOLD; }
static inline attr_t lt_a_dim(void) { return WA_DIM; }
static inline attr_t lt_a_underline(void) { return WA_UNDERLINE; }
static inline attr_t lt_a_reverse(void) { return WA_REVERSE; }
static inline int lt_ok(void) { return OK; }
static inline int lt_err(void) { return ERR; }

// Sets a cell with an extended colour pair (beyond 255): setcchar takes it through `opts`.
static inline int lt_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cell, text, attrs, (short)(pair < 256 ? pair : 0), &pair);
}

// Terminfo alone, with no screen and no signal handlers: 1 when TERM names a terminal that can
// address the cursor, 0 when it cannot (dumb), -1 when there is no entry for it.
struct term;
extern int setupterm(const char *, int, int *);
extern struct term *set_curterm(struct term *);
extern int del_curterm(struct term *);
static inline int lt_can_address_cursor(int fd) {
    struct term *before = set_curterm((struct term *)0);
    int err = 0;
    int found = setupterm((const char *)0, fd, &err) == OK;
    int result = -1;
    if (found) {
        const char *cup = tigetstr("cup");
        result = (cup != (const char *)0 && cup != (const char *)-1) ? 1 : 0;
    }
    struct term *probe = set_curterm(before);
    if (found && probe != before) del_curterm(probe);
    return result;
}

#endif
