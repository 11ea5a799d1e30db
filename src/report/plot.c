/* plot.c — PNG and SVG charts through PLplot, loaded by the first plot (see plot.h and
 * plplot_loader.h). */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef LTBENCH_PLOTS

int ltb_plot_available(void) { return 0; }

static int without_plplot(char *err, size_t errlen)
{
    snprintf(err, errlen, "built without PLplot");
    return -1;
}

int ltb_plot_lines(const char *p, const ltb_plot_lines_spec *s, char *err, size_t errlen)
{
    (void)p, (void)s;
    return without_plplot(err, errlen);
}

int ltb_plot_bars(const char *p, const ltb_plot_bars_spec *s, char *err, size_t errlen)
{
    (void)p, (void)s;
    return without_plplot(err, errlen);
}

int ltb_plot_panels(const char *p, const ltb_plot_panels_spec *s, char *err, size_t errlen)
{
    (void)p, (void)s;
    return without_plplot(err, errlen);
}

#else
#include "plplot_loader.h"
#include <unistd.h>

#define WIDTH_PX 960
#define HEIGHT_PX 640
#define AXIS_COLOR 1
#define FIRST_SERIES_COLOR 2
#define N_SERIES_COLORS 8
#define MAX_MARKED_POINTS 60    /* longer series (time series) get no markers */

static const struct { const char *device, *ext; } kFormats[] = {
    {"pngcairo", ".png"}, {"svg", ".svg"}};

/* PLplot's functions, loaded by the first plot (plplot_loader.h); why it would not load. */
static const ltb_plplot_api *pl;
static char g_load_failed[1024];

static int load_plplot(char *err, size_t errlen)
{
    if (!pl)
        pl = ltb_plplot(err, errlen);
    return pl ? 0 : -1;
}

int ltb_plot_available(void)
{
    if (load_plplot(g_load_failed, sizeof g_load_failed) != 0)
        return 0;
    const char *menu_buf[128], *name_buf[128];
    const char **menu = menu_buf, **names = name_buf;
    int n = 128, found = 0;
    pl->plgDevs(&menu, &names, &n);
    for (int i = 0; i < n; i++)
        for (size_t f = 0; f < sizeof kFormats / sizeof kFormats[0]; f++)
            found += !strcmp(names[i], kFormats[f].device);
    return found == (int)(sizeof kFormats / sizeof kFormats[0]);
}

/* White background, black axes, then a colour-blind-friendly series palette. */
static void set_palette(void)
{
    static const int kRgb[2 + N_SERIES_COLORS][3] = {
        {255, 255, 255}, {0, 0, 0},       {31, 119, 180}, {255, 127, 14}, {44, 160, 44},
        {214, 39, 40},   {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127}};
    pl->c_plscmap0n(2 + N_SERIES_COLORS);
    for (int i = 0; i < 2 + N_SERIES_COLORS; i++)
        pl->c_plscol0(i, kRgb[i][0], kRgb[i][1], kRgb[i][2]);
}

static int series_color(int k) { return FIRST_SERIES_COLOR + k % N_SERIES_COLORS; }

typedef void (*draw_fn)(const void *spec);

/* Draws spec once per format into "{base}{ext}.tmp", then renames into place. */
static int draw_files(const char *base, draw_fn draw, const void *spec, char *err, size_t errlen)
{
    if (load_plplot(err, errlen) != 0)
        return -1;
    for (size_t f = 0; f < sizeof kFormats / sizeof kFormats[0]; f++) {
        char path[4096], tmp[4200];
        snprintf(path, sizeof path, "%s%s", base, kFormats[f].ext);
        snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
        FILE *probe = fopen(tmp, "w"); /* PLplot exits the process on an open failure */
        if (!probe) {
            snprintf(err, errlen, "cannot write %s", path);
            return -1;
        }
        fclose(probe);
        pl->c_plsdev(kFormats[f].device);
        pl->c_plsfnam(tmp);
        pl->c_plspage(0, 0, WIDTH_PX, HEIGHT_PX, 0, 0);
        set_palette();
        pl->c_plinit();
        pl->c_plschr(0, 0.85);
        draw(spec);
        pl->c_plend();
        if (rename(tmp, path) != 0) {
            remove(tmp);
            snprintf(err, errlen, "cannot rename %s into place", path);
            return -1;
        }
    }
    return 0;
}

/* Smallest and largest finite value of v (n of them); 0,1 when none. */
static void finite_range(const double *v, int n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = v[i] < *lo ? v[i] : *lo;
            *hi = v[i] > *hi ? v[i] : *hi;
        }
    if (!isfinite(*lo))
        *lo = 0, *hi = 1;
}

/* An axis box from 0 (or below when negative) to 10% over the largest value. */
static void frame(double xmin, double xmax, double ymin, double ymax, const char *xlabel,
                  const char *ylabel, const char *title)
{
    if (xmax <= xmin)
        xmin -= 0.5, xmax += 0.5;
    if (ymin > 0)
        ymin = 0;
    if (ymax <= ymin)
        ymax = ymin + 1;
    pl->c_plwind(xmin, xmax, ymin, ymax + (ymax - ymin) * 0.1);
    pl->c_plcol0(AXIS_COLOR);
    pl->c_plbox("bcnstg", 0, 0, "bcnstvg", 0, 0);
    pl->c_pllab(xlabel, ylabel, title);
}

static void legend(int n, const char *const *names, int with_lines)
{
    if (!names || n <= 0)
        return;
    enum { MAX = 16 };
    n = n > MAX ? MAX : n;
    PLINT opts[MAX], text_colors[MAX], line_colors[MAX], line_styles[MAX], box_colors[MAX];
    PLINT box_patterns[MAX], symbol_colors[MAX], symbol_numbers[MAX];
    PLFLT line_widths[MAX], box_scales[MAX], box_line_widths[MAX], symbol_scales[MAX];
    const char *symbols[MAX];
    for (int k = 0; k < n; k++) {
        opts[k] = with_lines ? PL_LEGEND_LINE | PL_LEGEND_SYMBOL : PL_LEGEND_COLOR_BOX;
        text_colors[k] = AXIS_COLOR;
        line_colors[k] = box_colors[k] = symbol_colors[k] = series_color(k);
        line_styles[k] = 1;
        line_widths[k] = 2;
        box_patterns[k] = 0;
        box_scales[k] = 0.8;
        box_line_widths[k] = 1;
        symbol_scales[k] = 1;
        symbol_numbers[k] = 1;
        symbols[k] = "#(728)";
    }
    PLFLT w, h;
    pl->c_pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
                   PL_POSITION_TOP | PL_POSITION_LEFT | PL_POSITION_INSIDE, 0.02, 0.02, 0.08, 0,
                   1, 1, 0, 0, n, opts, 1.0, 0.9, 2.0, 0, text_colors, names, box_colors,
                   box_patterns, box_scales, box_line_widths, line_colors, line_styles,
                   line_widths, symbol_colors, symbol_scales, symbol_numbers, symbols);
}

/* A polyline through the finite points of y, broken at NANs, with markers. */
static void series_line(int n, const double *x, const double *y)
{
    int start = -1;
    for (int i = 0; i <= n; i++) {
        int ok = i < n && isfinite(y[i]);
        if (ok && start < 0)
            start = i;
        if (!ok && start >= 0) {
            if (i - start > 1)
                pl->c_plline(i - start, x + start, y + start);
            if (n <= MAX_MARKED_POINTS)
                pl->c_plstring(i - start, x + start, y + start, "#(728)");
            start = -1;
        }
    }
}

static void draw_lines(const void *p)
{
    const ltb_plot_lines_spec *s = p;
    double xmin, xmax, ymin = 0, ymax = 0, lo, hi;
    finite_range(s->x, s->n_points, &xmin, &xmax);
    for (int k = 0; k < s->n_series; k++) {
        finite_range(s->y[k], s->n_points, &lo, &hi);
        ymin = lo < ymin ? lo : ymin;
        ymax = hi > ymax ? hi : ymax;
    }
    if (isfinite(s->ref_y) && s->ref_y > ymax)
        ymax = s->ref_y;
    double pad = xmax > xmin ? (xmax - xmin) * 0.04 : 0; /* markers at the edges stay whole */
    xmin -= pad;
    xmax += pad;
    pl->c_pladv(0);
    pl->c_plvsta();
    frame(xmin, xmax, ymin, ymax, s->xlabel, s->ylabel, s->title);
    pl->c_plwidth(2);
    for (int k = 0; k < s->n_series; k++) {
        pl->c_plcol0(series_color(k));
        series_line(s->n_points, s->x, s->y[k]);
    }
    if (isfinite(s->ref_y)) {
        double rx[2] = {xmin, xmax}, ry[2] = {s->ref_y, s->ref_y};
        pl->c_plcol0(AXIS_COLOR);
        pl->c_pllsty(2);
        pl->c_plline(2, rx, ry);
        pl->c_pllsty(1);
        if (s->ref_label)
            pl->c_plptex(xmax, s->ref_y, 1, 0, 1.0, s->ref_label);
    }
    pl->c_plwidth(1);
    legend(s->n_series, s->names, 1);
}

int ltb_plot_lines(const char *path_base, const ltb_plot_lines_spec *s, char *err,
                   size_t errlen)
{
    return draw_files(path_base, draw_lines, s, err, errlen);
}

static void draw_bars(const void *p)
{
    const ltb_plot_bars_spec *s = p;
    double ymax = 0, lo, hi;
    for (int k = 0; k < s->n_series; k++) {
        finite_range(s->values[k], s->n_groups, &lo, &hi);
        ymax = hi > ymax ? hi : ymax;
    }
    pl->c_pladv(0);
    pl->c_plvsta();
    pl->c_plwind(-0.5, s->n_groups - 0.5, 0, ymax > 0 ? ymax * 1.15 : 1);
    pl->c_plcol0(AXIS_COLOR);
    pl->c_plbox("bc", 0, 0, "bcnstvg", 0, 0);
    pl->c_pllab(s->xlabel, s->ylabel, s->title);
    double width = 0.8 / (s->n_series > 0 ? s->n_series : 1);
    for (int g = 0; g < s->n_groups; g++) {
        for (int k = 0; k < s->n_series; k++) {
            double v = s->values[k][g];
            if (!isfinite(v))
                continue;
            double x0 = g - 0.4 + k * width;
            double bx[4] = {x0, x0, x0 + width, x0 + width}, by[4] = {0, v, v, 0};
            pl->c_plcol0(series_color(k));
            pl->c_plfill(4, bx, by);
            pl->c_plcol0(AXIS_COLOR);
            pl->c_plline(4, bx, by);
        }
        pl->c_plmtex("b", 1.5, (g + 0.5) / s->n_groups, 0.5, s->group_labels[g]);
    }
    legend(s->n_series, s->series_names, 0);
}

int ltb_plot_bars(const char *path_base, const ltb_plot_bars_spec *s, char *err, size_t errlen)
{
    return draw_files(path_base, draw_bars, s, err, errlen);
}

static void draw_panels(const void *p)
{
    const ltb_plot_panels_spec *s = p;
    double xmin, xmax, lo, hi;
    finite_range(s->x, s->n_points, &xmin, &xmax);
    pl->c_plssub(1, s->n_panels);
    for (int k = 0; k < s->n_panels; k++) {
        pl->c_pladv(0);
        pl->c_plvsta();
        finite_range(s->y[k], s->n_points, &lo, &hi);
        frame(xmin, xmax, lo, hi, k == s->n_panels - 1 ? s->xlabel : "", s->ylabels[k],
              k == 0 ? s->title : "");
        pl->c_plcol0(series_color(k));
        pl->c_plwidth(2);
        series_line(s->n_points, s->x, s->y[k]);
        pl->c_plwidth(1);
    }
}

int ltb_plot_panels(const char *path_base, const ltb_plot_panels_spec *s, char *err,
                    size_t errlen)
{
    return draw_files(path_base, draw_panels, s, err, errlen);
}
#endif

/* Says once per process that this build draws no plots; 1 when plots can be drawn. */
int ltb_plot_possible(int quiet)
{
    static int said;
    if (ltb_plot_available())
        return 1;
    if (!said && !quiet)
        fprintf(stderr, "plots: off (%s)\n",
#ifdef LTBENCH_PLOTS
                g_load_failed[0] ? g_load_failed : "PLplot has no pngcairo or svg device"
#else
                "built without PLplot"
#endif
        );
    said = 1;
    return 0;
}
