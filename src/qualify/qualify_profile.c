/* qualify_profile.c — qualification profiles as JSON, and the PASS/FAIL check
 * against a reference (see qualify_profile.h). */
#include "qualify_profile.h"

#include "report_json.h"
#include "file_read.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_VERSION 1

void qualify_add(qualify_profile *p, const char *name, double value, const char *unit,
                 int higher_is_better, const char *note)
{
    if (p->n_metrics >= LTB_QUALIFY_MAX_METRICS)
        return;
    qualify_metric *m = &p->metrics[p->n_metrics++];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->value = value;
    snprintf(m->unit, sizeof m->unit, "%s", unit);
    m->higher_is_better = higher_is_better;
    snprintf(m->note, sizeof m->note, "%s", note ? note : "");
}

const qualify_metric *qualify_find(const qualify_profile *p, const char *name)
{
    for (int i = 0; i < p->n_metrics; i++)
        if (!strcmp(p->metrics[i].name, name))
            return &p->metrics[i];
    return NULL;
}

/* ---- JSON ----------------------------------------------------------------------- */

static void add_text(cJSON *o, const char *key, const char *s)
{
    if (s && *s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_number(cJSON *o, const char *key, double v)
{
    if (isfinite(v) && v >= 0)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *to_json(const qualify_profile *p)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "ltbench_qualify", FORMAT_VERSION);
    add_text(root, "timestamp", p->timestamp);
    cJSON_AddBoolToObject(root, "quick", p->quick != 0);
    cJSON *d = cJSON_AddObjectToObject(root, "device");
    add_text(d, "device", p->device);
    add_text(d, "name", p->name);
    add_text(d, "uuid", p->uuid);
    add_text(d, "pci_bus_id", p->pci_bus_id);
    add_text(d, "driver", p->driver);
    add_text(d, "compute_capability", p->compute_capability);
    add_number(d, "memory_total_mb", p->memory_total_mb);
    cJSON *v = cJSON_AddObjectToObject(root, "versions");
    add_text(v, "ltbench", p->ltbench_version);
    add_text(v, "git_commit", p->git_commit);
    add_text(v, "libtorch", p->torch_version);
    add_text(v, "cuda", p->cuda_version);
    add_text(v, "cudnn", p->cudnn_version);
    cJSON *h = cJSON_AddObjectToObject(root, "host");
    add_text(h, "hostname", p->hostname);
    add_text(h, "cpu_model", p->cpu_model);
    cJSON *a = cJSON_AddArrayToObject(root, "metrics");
    for (int i = 0; i < p->n_metrics; i++) {
        const qualify_metric *m = &p->metrics[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->name);
        if (isfinite(m->value))
            cJSON_AddNumberToObject(o, "value", m->value);
        else
            cJSON_AddNullToObject(o, "value");
        cJSON_AddStringToObject(o, "unit", m->unit);
        cJSON_AddBoolToObject(o, "higher_is_better", m->higher_is_better != 0);
        add_text(o, "note", m->note);
        cJSON_AddItemToArray(a, o);
    }
    return root;
}

int qualify_profile_write(const qualify_profile *p, const char *path, char *err, size_t errlen)
{
    return ltb_json_write_file(to_json(p), path, err, errlen);
}

static void copy_text(const cJSON *o, const char *key, char *dst, size_t cap)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    snprintf(dst, cap, "%s", cJSON_IsString(s) ? s->valuestring : "");
}

static int read_metrics(const cJSON *a, const char *path, qualify_profile *p, char *err, size_t errlen)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, a) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(o, "value");
        const cJSON *better = cJSON_GetObjectItemCaseSensitive(o, "higher_is_better");
        if (!cJSON_IsString(name) || !(cJSON_IsNumber(value) || cJSON_IsNull(value)) ||
            !cJSON_IsBool(better)) {
            snprintf(err, errlen, "'%s': metric %d needs a name, a value (number or null) and "
                     "higher_is_better", path, p->n_metrics + 1);
            return -1;
        }
        char unit[24], note[192];
        copy_text(o, "unit", unit, sizeof unit);
        copy_text(o, "note", note, sizeof note);
        qualify_add(p, name->valuestring, cJSON_IsNumber(value) ? value->valuedouble : NAN, unit,
                    cJSON_IsTrue(better), note);
    }
    return 0;
}

int qualify_profile_read(const char *path, qualify_profile *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    size_t len = 0;
    unsigned char *text = NULL;
    if (ltb_read_file(path, 16 << 20, &text, &len, err, errlen) != 0)
        return -1;
    cJSON *root = cJSON_ParseWithLength((const char *)text, len);
    free(text);
    const cJSON *version = root ? cJSON_GetObjectItemCaseSensitive(root, "ltbench_qualify") : NULL;
    const cJSON *metrics = root ? cJSON_GetObjectItemCaseSensitive(root, "metrics") : NULL;
    int rc = -1;
    if (!root)
        snprintf(err, errlen, "'%s' is not JSON", path);
    else if (!cJSON_IsNumber(version) || !cJSON_IsArray(metrics))
        snprintf(err, errlen, "'%s' is not an ltbench qualify profile (no ltbench_qualify or metrics)",
                 path);
    else if (version->valueint != FORMAT_VERSION)
        snprintf(err, errlen, "'%s' is a version %d profile; this ltbench reads version %d", path,
                 version->valueint, FORMAT_VERSION);
    else
        rc = read_metrics(metrics, path, p, err, errlen);
    if (rc == 0) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "device");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "versions");
        p->quick = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "quick"));
        copy_text(root, "timestamp", p->timestamp, sizeof p->timestamp);
        copy_text(d, "device", p->device, sizeof p->device);
        copy_text(d, "name", p->name, sizeof p->name);
        copy_text(d, "uuid", p->uuid, sizeof p->uuid);
        copy_text(d, "driver", p->driver, sizeof p->driver);
        copy_text(v, "ltbench", p->ltbench_version, sizeof p->ltbench_version);
        copy_text(v, "libtorch", p->torch_version, sizeof p->torch_version);
    }
    cJSON_Delete(root);
    return rc;
}

/* ---- check against a reference --------------------------------------------------- */

int qualify_compare(FILE *out, const qualify_profile *measured, const qualify_profile *reference,
                    double tolerance)
{
    int failed = 0, passed = 0;
    fprintf(out, "\nQualification against %s (%s), tolerance %.1f%%\n",
             reference->name[0] ? reference->name : "the reference",
             reference->uuid[0] ? reference->uuid : reference->device, 100.0 * tolerance);
    if (strcmp(measured->name, reference->name) != 0)
        fprintf(out, "note: the reference was measured on '%s', this is '%s'\n", reference->name,
                measured->name);
    fprintf(out, "%-40s %-14s %-14s %-9s %s\n", "Metric", "Reference", "Measured", "Change", "Result");
    for (int i = 0; i < reference->n_metrics; i++) {
        const qualify_metric *r = &reference->metrics[i];
        if (!isfinite(r->value))
            continue;                     /* the reference did not measure it either */
        const qualify_metric *m = qualify_find(measured, r->name);
        if (!m || !isfinite(m->value)) {
            fprintf(out, "%-40s %-14.4g %-14s %-9s FAIL (%s)\n", r->name, r->value, "-", "-",
                    m && m->note[0] ? m->note : "not measured");
            failed++;
            continue;
        }
        double change = r->value != 0 ? (m->value - r->value) / fabs(r->value) : 0.0;
        int ok = r->higher_is_better ? m->value >= r->value * (1.0 - tolerance)
                                     : m->value <= r->value * (1.0 + tolerance);
        char pct[24];
        snprintf(pct, sizeof pct, "%+.1f%%", 100.0 * change);
        fprintf(out, "%-40s %-14.4g %-14.4g %-9s %s\n", r->name, r->value, m->value, pct,
                ok ? "PASS" : "FAIL");
        if (ok)
            passed++;
        else
            failed++;
    }
    if (failed)
        fprintf(out, "FAIL: %d of %d metrics outside the tolerance\n", failed, passed + failed);
    else
        fprintf(out, "PASS: all %d metrics within the tolerance\n", passed);
    return failed;
}

void qualify_profile_file_name(const qualify_profile *p, char *buf, size_t len)
{
    char raw[400];
    snprintf(raw, sizeof raw, "qualify_%s_%.12s", p->uuid[0] ? p->name : p->device,
             p->uuid[0] ? p->uuid : p->hostname);
    size_t k = 0;
    for (const char *s = raw; *s && k + 1 < len; s++)
        buf[k++] = isalnum((unsigned char)*s) || *s == '.' || *s == '-' || *s == '_' ? *s : '_';
    buf[k] = '\0';
}
