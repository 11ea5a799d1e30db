/* model_sidecar.c — reading a model's JSON sidecar with cJSON. */
#define _POSIX_C_SOURCE 200809L
#include "model_sidecar.h"
#include "file_read.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ltb_sidecar_path(const char *model_path, char *buf, size_t len)
{
    snprintf(buf, len, "%s", model_path);
    char *dot = strrchr(buf, '.');
    char *slash = strrchr(buf, '/');
    if (dot && (!slash || dot > slash))
        *dot = '\0';
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, ".json");
}

static void model_dir(const char *model_path, char *buf, size_t len)
{
    const char *slash = strrchr(model_path, '/');
    if (!slash)
        snprintf(buf, len, ".");
    else
        snprintf(buf, len, "%.*s", (int)(slash - model_path), model_path);
}

int ltb_sidecar_json(const char *model_path, char *path, size_t path_len, cJSON **out,
                     char *err, size_t errlen)
{
    *out = NULL;
    ltb_sidecar_path(model_path, path, path_len);
    if (access(path, R_OK) != 0)
        return 0;
    unsigned char *data;
    size_t len;
    if (ltb_read_file(path, 1u << 20, &data, &len, err, errlen) != 0)
        return -1;
    cJSON *j = cJSON_ParseWithLength((const char *)data, len);
    free(data);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        snprintf(err, errlen, "model sidecar '%s' is not a JSON object", path);
        return -1;
    }
    *out = j;
    return 1;
}

int ltb_sidecar_read(const char *model_path, ltb_sidecar *s, char *err, size_t errlen)
{
    char path[4096];
    memset(s, 0, sizeof *s);
    cJSON *j;
    int found = ltb_sidecar_json(model_path, path, sizeof path, &j, err, errlen);
    if (found <= 0)
        return found;
    s->found = 1;
    const cJSON *task = cJSON_GetObjectItemCaseSensitive(j, "task");
    if (cJSON_IsString(task))
        snprintf(s->task, sizeof s->task, "%s", task->valuestring);
    const cJSON *vocab = cJSON_GetObjectItemCaseSensitive(j, "vocab_file");
    if (cJSON_IsString(vocab) && vocab->valuestring[0]) {
        char dir[4096];
        model_dir(model_path, dir, sizeof dir);
        if (vocab->valuestring[0] == '/')
            snprintf(s->vocab_path, sizeof s->vocab_path, "%s", vocab->valuestring);
        else
            snprintf(s->vocab_path, sizeof s->vocab_path, "%s/%s", dir, vocab->valuestring);
    }
    s->lowercase = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "lowercase"));
    cJSON_Delete(j);
    return 0;
}
