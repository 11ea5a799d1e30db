/* report_json.h — the pieces of {name}.json for writers that extend it (the
 * fleet report adds every rank): the whole tree of a run, one level's object, and
 * writing a tree atomically (also used by the stress report and qualify profiles). */
#ifndef LTB_REPORT_JSON_H
#define LTB_REPORT_JSON_H

#include <cjson/cJSON.h>

#include "environment.h"
#include "ltbench.h"

/* obj[key] = v, or null when v is not finite (never NaN/Infinity in a file). */
void ltb_json_add_number(cJSON *obj, const char *key, double v);
/* v as a JSON item for an array, or null when v is not finite. */
cJSON *ltb_json_number(double v);
/* obj[key] = s, or null when s is NULL. */
void ltb_json_add_string(cJSON *obj, const char *key, const char *s);
/* ltbench version, environment, config, levels (metrics and records), warnings. */
cJSON *ltb_report_json_tree(const ltb_run *run, const ltb_environment *env);
/* One level: settings, repetition statistics, metrics and every record. */
cJSON *ltb_report_json_level(const ltb_run *run, const ltb_level *level);
/* Prints root into path atomically and deletes root. 0, or -1 with err. */
int ltb_json_write_file(cJSON *root, const char *path, char *err, size_t errlen);
/* Prints root into {dir}/{name}.json atomically and deletes root. 0, or -1 with err. */
int ltb_report_json_write(cJSON *root, const char *dir, const char *name, char *err,
                          size_t errlen);
#endif
