/* test_qualify_cli.c — `ltbench qualify --quick` end to end on the CPU: the battery
 * runs and writes one profile (every metric a value, or null with the reason), the
 * run checks itself against a reference (PASS and FAIL lines, exit 1), the profile
 * passes against itself, and a bad reference is refused before anything is measured.
 * (test_qualify_profile checks the comparison rules on doctored profiles.) */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void qualify_quick_profiles_the_cpu_and_checks_references(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *handmade = tu_path(dir, "handmade.json");
    char *profile = tu_path(dir, "cpu_profile.json");
    char *broken = tu_path(dir, "broken.json");
    /* a reference any CPU meets for ResNet-18 and none for the copy */
    write_text(handmade,
               "{\"ltbench_qualify\": 1, \"device\": {\"name\": \"reference card\"}, \"metrics\": ["
               "{\"name\": \"image_resnet18_fp32_b1_ips\", \"value\": 0.001, \"unit\": \"images/s\","
               " \"higher_is_better\": true},"
               "{\"name\": \"copy_16mib_gbps\", \"value\": 1e12, \"unit\": \"GB/s\", \"higher_is_better\": true},"
               "{\"name\": \"no_such_metric\", \"value\": 1, \"unit\": \"\", \"higher_is_better\": true}]}\n");
    char args[2048];
    tu_output o;
    snprintf(args, sizeof args, "qualify --quick --device cpu -q --output-dir '%s' --name cpu_profile "
             "--reference '%s'", dir, handmade);
    assert_int_equal(tu_run_cli(args, &o), 1);
    assert_non_null(strstr(o.out, "profile: "));
    assert_non_null(strstr(o.out, "note: the reference was measured on 'reference card'"));
    assert_non_null(strstr(o.out, "image_resnet18_fp32_b1_ips"));
    assert_non_null(strstr(o.out, "FAIL: 2 of 3 metrics outside the tolerance"));
    tu_output_free(&o);

    cJSON *j = tu_read_json(dir, "cpu_profile.json");
    assert_int_equal((int)tu_json_number(j, "ltbench_qualify"), 1);
    const cJSON *dev = cJSON_GetObjectItemCaseSensitive(j, "device");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(dev, "device")->valuestring, "cpu");
    int ips = 0, tts = 0, copy = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "metrics")) {
        const char *name = cJSON_GetObjectItemCaseSensitive(m, "name")->valuestring;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, "value");
        if (!strcmp(name, "image_resnet18_fp32_b2_ips"))
            ips = cJSON_IsNumber(v) && v->valuedouble > 0;
        if (!strcmp(name, "tts_tiny_asps"))
            tts = cJSON_IsNumber(v) && v->valuedouble > 0;
        if (!strcmp(name, "copy_16mib_gbps"))
            copy = cJSON_IsNumber(v) && v->valuedouble > 0;
        if (cJSON_IsNull(v))                 /* not measured: it says why */
            assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m, "note")));
    }
    assert_true(ips && tts && copy);
    cJSON_Delete(j);

    snprintf(args, sizeof args, "qualify --profile '%s' --reference '%s'", profile, profile);
    assert_int_equal(tu_run_cli(args, &o), 0);
    assert_non_null(strstr(o.out, "PASS: all "));
    assert_null(strstr(o.out, "FAIL"));
    tu_output_free(&o);

    /* a bad reference is refused before the battery runs */
    write_text(broken, "{\"metrics\": []}\n");
    snprintf(args, sizeof args, "qualify --quick --device cpu --output-dir '%s' --reference '%s'", dir, broken);
    tu_expect_usage_error(args, "is not an ltbench qualify profile", NULL);
    free(handmade);
    free(profile);
    free(broken);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qualify_quick_profiles_the_cpu_and_checks_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
