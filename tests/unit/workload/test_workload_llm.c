/* test_workload_llm.c — the `ltbench llm` workload and sidecar: random prompts are
 * seeded ids inside the vocabulary, texts become their UTF-8 bytes repeated to the
 * prompt length, -p 0 is the BOS id alone, a request's sequences take consecutive
 * prompts, the tests are the shape axis; the sidecar's tokenizer and params are read
 * and its faults refused with a sentence naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "llm_sidecar.h"
#include "workload_llm.h"

static const int kPrompt[] = {0, 6, 3}, kGen[] = {4, 0, 2};

static void random_prompts_are_seeded_ids_in_the_vocabulary(void **state)
{
    (void)state;
    ltb_llm_prompts_spec spec = {.prompt_tokens = kPrompt, .gen_tokens = kGen, .n_tests = 3,
                                 .vocab_size = 50, .bos_id = 7, .variations = 4, .seed = 3};
    ltb_workload a, b;
    char err[256];
    assert_int_equal(ltb_workload_llm(&a, &spec, err, sizeof err), 0);
    assert_int_equal(ltb_workload_llm(&b, &spec, err, sizeof err), 0);
    assert_int_equal(a.n_samples, 4);
    assert_int_equal(a.n_shapes, 3);
    assert_int_equal(a.prepare_shape(&a, 1, err, sizeof err), 0);
    assert_int_equal(b.prepare_shape(&b, 1, err, sizeof err), 0);
    int p, g, n, m;
    ltb_workload_llm_shape(&a, &p, &g);
    assert_int_equal(p, 6);
    assert_int_equal(g, 0);
    assert_string_equal(a.shape_name(&a, 1), "pp6");
    assert_string_equal(a.shape_name(&a, 0), "tg4");
    assert_string_equal(a.shape_name(&a, 2), "pp3+tg2");
    int differ = 0;
    for (int s = 0; s < 4; s++) {
        const int64_t *x = ltb_workload_llm_prompt(&a, s, &n), *y = ltb_workload_llm_prompt(&b, s, &m);
        assert_int_equal(n, 6);
        for (int i = 0; i < n; i++) {
            assert_true(x[i] >= 0 && x[i] < 50);
            assert_int_equal(x[i], y[i]);                  /* same seed, same ids */
            differ |= x[i] != ltb_workload_llm_prompt(&a, 0, &m)[i];
        }
    }
    assert_true(differ);                                   /* the prompts are not all one */
    assert_int_equal(a.prepare_shape(&a, 0, err, sizeof err), 0);   /* -p 0: BOS alone */
    const int64_t *bos = ltb_workload_llm_prompt(&a, 2, &n);
    assert_int_equal(n, 1);
    assert_int_equal(bos[0], 7);
    assert_int_not_equal(a.prepare_shape(&a, 3, err, sizeof err), 0);
    ltb_request req;
    memset(&req, 0, sizeof req);
    a.fill(&a, 3, 2, &req);                                /* id 3, batch 2: prompt 6 mod 4 */
    assert_int_equal(req.sample, 2);
    ltb_workload_free(&a);
    ltb_workload_free(&b);
}

static void texts_become_their_bytes_repeated(void **state)
{
    (void)state;
    static const char *const texts[] = {"ab\xc3\xa9", ""};
    ltb_llm_prompts_spec spec = {.prompt_tokens = kPrompt, .gen_tokens = kGen, .n_tests = 3,
                                 .vocab_size = 300, .bos_id = 256, .texts = texts, .n_texts = 2};
    ltb_workload w;
    char err[256];
    assert_int_equal(ltb_workload_llm(&w, &spec, err, sizeof err), 0);
    assert_int_equal(w.prepare_shape(&w, 1, err, sizeof err), 0);
    int n;
    const int64_t *ids = ltb_workload_llm_prompt(&w, 0, &n);
    static const int64_t want[] = {'a', 'b', 0xc3, 0xa9, 'a', 'b'};
    assert_int_equal(n, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(ids[i], want[i]);
    ids = ltb_workload_llm_prompt(&w, 1, &n);              /* an empty text: BOS */
    assert_int_equal(ids[0], 256);
    assert_string_equal(w.samples[0].text, texts[0]);
    ltb_workload_free(&w);
    spec.vocab_size = 100;                                 /* bytes need 256 ids */
    spec.bos_id = 1;
    assert_int_not_equal(ltb_workload_llm(&w, &spec, err, sizeof err), 0);
    assert_non_null(strstr(err, "256"));
}

static void sidecar_is_read_and_faults_are_refused(void **state)
{
    (void)state;
    ltb_llm_sidecar s;
    char err[256];
    const char *good = "{\"tokenizer\": {\"type\": \"bytes\", \"bos_id\": 256}, \"params\": 4870000}";
    assert_int_equal(ltb_llm_sidecar_parse(good, strlen(good), "m.json", &s, err, sizeof err), 0);
    assert_int_equal(s.bos_id, 256);
    assert_true(s.byte_tokenizer);
    assert_true(s.has_tokenizer);
    assert_true(s.params == 4870000);
    const char *none = "{}";
    assert_int_equal(ltb_llm_sidecar_parse(none, 2, "m.json", &s, err, sizeof err), 0);
    assert_int_equal(s.bos_id, -1);
    assert_false(s.has_tokenizer);
    const char *bpe = "{\"tokenizer\": {\"type\": \"bpe\"}}";
    assert_int_equal(ltb_llm_sidecar_parse(bpe, strlen(bpe), "m.json", &s, err, sizeof err), 0);
    assert_true(s.has_tokenizer && !s.byte_tokenizer);
    static const char *const bad[] = {
        "[1]", "{\"tokenizer\": 3}", "{\"tokenizer\": {\"bos_id\": -1}}",
        "{\"tokenizer\": {\"bos_id\": 2.5}}", "{\"tokenizer\": {\"type\": 1}}",
        "{\"params\": \"many\"}", "{\"tokenizer\": {\"bos_id\": 1e300}}", "{not json"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_not_equal(ltb_llm_sidecar_parse(bad[i], strlen(bad[i]), "m.json", &s, err,
                                                   sizeof err), 0);
        assert_non_null(strstr(err, "m.json"));
    }
    assert_int_not_equal(ltb_llm_sidecar_parse(good, LTB_LLM_SIDECAR_MAX_BYTES + 1, "m.json", &s,
                                               err, sizeof err), 0);
    assert_int_equal(ltb_llm_sidecar_read("/nonexistent/model.pt", &s, err, sizeof err), 0);
    assert_int_equal(s.found, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_prompts_are_seeded_ids_in_the_vocabulary),
        cmocka_unit_test(texts_become_their_bytes_repeated),
        cmocka_unit_test(sidecar_is_read_and_faults_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
