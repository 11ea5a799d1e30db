/* plot.h — charts written as {path_base}.png and {path_base}.svg through PLplot
 * (devices "pngcairo" and "svg"), each file written under a temporary name and
 * renamed into place. PLplot keeps global state and is not thread-safe: call
 * these from the main thread only, after a run. In a build without PLplot every
 * function returns -1 with "built without PLplot". PLplot is not linked: the first
 * call of any of these loads it (plplot_loader.h); when it cannot be loaded,
 * ltb_plot_available is 0 and ltb_plot_possible says "plots: off (cannot load ...)". */
#ifndef LTB_PLOT_H
#define LTB_PLOT_H

#include <stddef.h>

/* 1 when plots can be drawn (built with PLplot and both devices present). */
int ltb_plot_available(void);
/* ltb_plot_available, and where it is 0 says once per process why (unless quiet). */
int ltb_plot_possible(int quiet);

/* A line chart: one line (with markers) per series over the shared x values; a
 * NAN y leaves a gap. ref_y (not NAN) draws a dashed horizontal line labelled
 * ref_label (e.g. real time at RTF = 1). The y axis starts at 0. */
typedef struct ltb_plot_lines_spec {
    const char *title, *xlabel, *ylabel;
    int n_series;
    const char *const *names;    /* legend entries, NULL = no legend */
    int n_points;
    const double *x;
    const double *const *y;      /* y[series][point] */
    double ref_y;
    const char *ref_label;
} ltb_plot_lines_spec;
int ltb_plot_lines(const char *path_base, const ltb_plot_lines_spec *s, char *err,
                   size_t errlen);

/* Grouped bars: for each group (e.g. a concurrency level) one bar per series
 * (e.g. p50, p95, p99). values[series][group]. */
typedef struct ltb_plot_bars_spec {
    const char *title, *xlabel, *ylabel;
    int n_groups;
    const char *const *group_labels;
    int n_series;
    const char *const *series_names;
    const double *const *values;
} ltb_plot_bars_spec;
int ltb_plot_bars(const char *path_base, const ltb_plot_bars_spec *s, char *err,
                  size_t errlen);

/* Stacked panels sharing the x axis (e.g. time): panel k plots y[k] with
 * ylabels[k]; the title goes on the first panel. */
typedef struct ltb_plot_panels_spec {
    const char *title, *xlabel;
    int n_panels;
    const char *const *ylabels;
    int n_points;
    const double *x;
    const double *const *y;      /* y[panel][point] */
} ltb_plot_panels_spec;
int ltb_plot_panels(const char *path_base, const ltb_plot_panels_spec *s, char *err,
                    size_t errlen);
#endif
