/* plplot_loader.h — PLplot, opened on first use: ltbench does not link it, so a process
 * that draws no plot (--no-plots, an HTTP client run without plots, --help) never maps it
 * nor what it pulls in (cairo, pango, freetype, qhull, shapelib, csironn). The first call
 * of ltb_plplot (pthread_once) dlopens LTBENCH_PLPLOT_SONAME (the build's
 * "libplplot.so.N"; $LTBENCH_PLPLOT names another file) and takes the functions plot.c
 * draws with into a table; plplot.h is still included, for its types and constants.
 * Only report/plot.c uses it (main thread, as PLplot itself requires). */
#ifndef LTB_PLPLOT_LOADER_H
#define LTB_PLPLOT_LOADER_H

#include <plplot/plplot.h>
#include <stddef.h>

/* The functions used: X(return type, symbol, (parameters)) as plplot.h declares them
 * (plplot.h's plinit is a macro for the symbol c_plinit; plplot_loader.c checks each
 * entry against the header at compile time). */
#define LTB_PLPLOT_FUNCTIONS(X)                                                                \
    X(void, plgDevs, (PLCHAR_VECTOR **p_menustr, PLCHAR_VECTOR **p_devname, int *p_ndev))      \
    X(void, c_plinit, (void))                                                                  \
    X(void, c_plend, (void))                                                                   \
    X(void, c_plsdev, (PLCHAR_VECTOR devname))                                                 \
    X(void, c_plsfnam, (PLCHAR_VECTOR fnam))                                                   \
    X(void, c_plspage, (PLFLT xp, PLFLT yp, PLINT xleng, PLINT yleng, PLINT xoff, PLINT yoff)) \
    X(void, c_plcol0, (PLINT icol0))                                                           \
    X(void, c_plscol0, (PLINT icol0, PLINT r, PLINT g, PLINT b))                               \
    X(void, c_plscmap0n, (PLINT ncol0))                                                        \
    X(void, c_plschr, (PLFLT def, PLFLT scale))                                                \
    X(void, c_plwidth, (PLFLT width))                                                          \
    X(void, c_plvsta, (void))                                                                  \
    X(void, c_plwind, (PLFLT xmin, PLFLT xmax, PLFLT ymin, PLFLT ymax))                        \
    X(void, c_plbox, (PLCHAR_VECTOR xopt, PLFLT xtick, PLINT nxsub, PLCHAR_VECTOR yopt,        \
                      PLFLT ytick, PLINT nysub))                                               \
    X(void, c_pllab, (PLCHAR_VECTOR xlabel, PLCHAR_VECTOR ylabel, PLCHAR_VECTOR tlabel))       \
    X(void, c_plline, (PLINT n, PLFLT_VECTOR x, PLFLT_VECTOR y))                               \
    X(void, c_pllsty, (PLINT lin))                                                             \
    X(void, c_pladv, (PLINT page))                                                             \
    X(void, c_plstring, (PLINT n, PLFLT_VECTOR x, PLFLT_VECTOR y, PLCHAR_VECTOR string))       \
    X(void, c_plssub, (PLINT nx, PLINT ny))                                                    \
    X(void, c_plptex, (PLFLT x, PLFLT y, PLFLT dx, PLFLT dy, PLFLT just, PLCHAR_VECTOR text))  \
    X(void, c_plmtex, (PLCHAR_VECTOR side, PLFLT disp, PLFLT pos, PLFLT just,                  \
                       PLCHAR_VECTOR text))                                                    \
    X(void, c_plfill, (PLINT n, PLFLT_VECTOR x, PLFLT_VECTOR y))                               \
    X(void, c_pllegend, (PLFLT_NC_SCALAR p_legend_width, PLFLT_NC_SCALAR p_legend_height,      \
                         PLINT opt, PLINT position, PLFLT x, PLFLT y, PLFLT plot_width,        \
                         PLINT bg_color, PLINT bb_color, PLINT bb_style, PLINT nrow,           \
                         PLINT ncolumn, PLINT nlegend, PLINT_VECTOR opt_array,                 \
                         PLFLT text_offset, PLFLT text_scale, PLFLT text_spacing,              \
                         PLFLT text_justification, PLINT_VECTOR text_colors,                   \
                         PLCHAR_MATRIX text, PLINT_VECTOR box_colors,                          \
                         PLINT_VECTOR box_patterns, PLFLT_VECTOR box_scales,                   \
                         PLFLT_VECTOR box_line_widths, PLINT_VECTOR line_colors,               \
                         PLINT_VECTOR line_styles, PLFLT_VECTOR line_widths,                   \
                         PLINT_VECTOR symbol_colors, PLFLT_VECTOR symbol_scales,               \
                         PLINT_VECTOR symbol_numbers, PLCHAR_MATRIX symbols))

typedef struct ltb_plplot_api {
#define LTB_PLPLOT_MEMBER(ret, name, params) ret (*name) params;
    LTB_PLPLOT_FUNCTIONS(LTB_PLPLOT_MEMBER)
#undef LTB_PLPLOT_MEMBER
} ltb_plplot_api;

/* The table, PLplot loaded on the first call; NULL when it cannot be loaded, with
 * "cannot load libplplot.so.N (why)" in why (the same reason on every later call). */
const ltb_plplot_api *ltb_plplot(char *why, size_t whylen);
/* 1 once PLplot is loaded, else 0; loads nothing. */
int ltb_plplot_loaded(void);
#endif
