/* test_http_faults.c — the HTTP client (`ltbench image|tts --url`) against a raw
 * socket peer on loopback that misbehaves part-way through its answers: a
 * connection reset in the middle of the body, a body that trickles past
 * --timeout, a JSON answer without the expected fields, invalid base64 in
 * audio_data, a WAV whose header lies about its length, and 10 MB answers (junk,
 * and a legitimate one, with and without --max-response-mb). Each is a counted
 * failed request with its reason in the detailed CSV's Error_Message; the run
 * finishes, writes its files and exits 1 — never a crash or a hang. Both the
 * image (/predict) and the TTS (/synthesize) client paths, where the fault
 * applies to both.
 *
 * ltbench takes ~1.5 s to start here, so each client path runs once with a
 * script: the peer answers its k-th request with the k-th fault (concurrency 1,
 * no warm-up: request k is row k of the detailed CSV), and each test checks its
 * row. */
#define _POSIX_C_SOURCE 200809L
#include "base64.h"
#include "http_peer.h"
#include "testutil.h"
#include "wav_memory.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEN_MB (10u << 20)

/* ---- what the peers answer -------------------------------------------------------- */

/* A body the test prepared (JSON, or 10 MB of anything), sent whole with HTTP 200. */
typedef struct canned {
    char *body;
    size_t len;
} canned;

static peer_after send_canned(int fd, void *user)
{
    const canned *c = user;
    http_peer_send(fd, "200 OK", c->len, c->body, c->len);
    return PEER_CLOSE;
}

/* Head and the first 100 of 5000 promised bytes, then a TCP reset. */
static peer_after reset_mid_body(int fd, void *user)
{
    (void)user;
    char part[100];
    memset(part, ' ', sizeof part);
    memcpy(part, "{\"success\": true, \"padding\": \"", 30);
    http_peer_send(fd, "200 OK", 5000, part, sizeof part);
    struct timespec ts = {0, 50 * 1000000L};      /* let the 100 bytes arrive first */
    nanosleep(&ts, NULL);
    http_peer_reset(fd);
    return PEER_CLOSE;
}

/* Promises 100000 bytes and sends one every 100 ms (at most 20 s, or until the
 * client has gone). */
static peer_after trickle(int fd, void *user)
{
    (void)user;
    if (http_peer_send(fd, "200 OK", 100000, "{", 1) != 0)
        return PEER_CLOSE;
    for (int i = 0; i < 200; i++) {
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
        if (http_peer_send_more(fd, " ", 1) != 0)
            break;
    }
    return PEER_CLOSE;
}

static canned json_answer(const char *json)
{
    canned c = {strdup(json), strlen(json)};
    assert_non_null(c.body);
    return c;
}

/* {"success": true, "audio_data": <base64 of a WAV of `seconds` of silence>,
 * "duration": claimed, "sample_rate": 22050}, the WAV's data chunk size set to
 * claim_bytes when not 0 (a header that lies). */
static canned wav_answer(double seconds, uint32_t claim_bytes, double claimed)
{
    size_t n = (size_t)(seconds * 22050);
    float *silence = calloc(n ? n : 1, sizeof *silence);
    unsigned char *wav;
    size_t len;
    char err[256];
    assert_int_equal(ltb_wav_encode_memory(silence, n, 22050, &wav, &len, err, sizeof err), 0);
    free(silence);
    if (claim_bytes) {
        unsigned char *data = NULL;
        for (size_t i = 12; i + 8 <= len && !data; i++)
            if (!memcmp(wav + i, "data", 4))
                data = wav + i;
        assert_non_null(data);
        for (int b = 0; b < 4; b++)
            data[4 + b] = (unsigned char)(claim_bytes >> (8 * b));
    }
    size_t b64 = ltb_base64_encoded_len(len);
    canned c;
    c.body = malloc(b64 + 256);
    assert_non_null(c.body);
    int head = snprintf(c.body, 64, "{\"success\": true, \"audio_data\": \"");
    ltb_base64_encode(wav, len, c.body + head);
    free(wav);
    snprintf(c.body + head + b64, 192, "\", \"duration\": %.6f, \"sample_rate\": 22050}", claimed);
    c.len = strlen(c.body);
    return c;
}

/* ---- the scripted runs ------------------------------------------------------------- */

typedef struct step {
    const char *what;             /* the fault, for messages */
    peer_respond_fn respond;
    void *user;
} step;

typedef struct script {
    const step *steps;
    int n, next;
} script;

/* The peer answers request k with step k (the peer thread is the only caller). */
static peer_after run_script(int fd, void *user)
{
    script *s = user;
    const step *st = &s->steps[s->next < s->n ? s->next : s->n - 1];
    s->next++;
    return st->respond(fd, st->user);
}

/* `ltbench TASK --url <peer>` with extra options, one request per step at
 * concurrency 1 without warm-up, exit code want_exit; its detailed CSV into d,
 * one row per step. */
static void run_script_client(const char *task, const step *steps, int n, const char *extra,
                              int want_exit, tu_csv *d)
{
    script s = {steps, n, 0};
    http_peer p;
    http_peer_start(&p, run_script, &s);
    char *out = tu_tempdir(), args[4096], url[64];
    snprintf(args, sizeof args, "%s --url %s --model-name fixture -c 1 -n %d --warmup 0 %s "
             "--output-dir '%s' --name peer -q -o csv,json --no-plots", task,
             http_peer_url(&p, url, sizeof url), n, extra, out);
    tu_output o;
    int code = tu_run_cli(args, &o);
    http_peer_stop(&p);
    if (code != want_exit)
        fail_msg("ltbench %s\n  exit %d (want %d), stderr: %s", args, code, want_exit, o.err);
    tu_output_free(&o);
    tu_csv_read(out, "peer_detailed.csv", d);
    assert_int_equal(d->n, n);                 /* every request is in the file */
    for (int r = 0; r < n; r++)
        assert_int_equal((int)tu_csv_double(d, r, "Iteration"), r);   /* request r */
    char *json = tu_path(out, "peer.json");
    assert_true(tu_file_exists(json));         /* and the run wrote everything */
    free(json);
    free(out);
}

enum { IMAGE_RESET, IMAGE_TRICKLE, IMAGE_NO_RESULT, IMAGE_10MB_JUNK, IMAGE_STEPS };
enum { TTS_RESET, TTS_TRICKLE, TTS_NO_AUDIO, TTS_BAD_BASE64, TTS_LYING_WAV, TTS_10MB_WAV,
       TTS_STEPS };
enum { LIMITED_10MB_WAV, LIMITED_SMALL_WAV, LIMITED_STEPS };

static tu_csv image_rows, tts_rows, limited_rows;

static int run_all(void **state)
{
    (void)state;
    canned no_result = json_answer("{\"success\": true, \"processing_time\": 0.01}");
    canned junk = {malloc(TEN_MB), TEN_MB};
    assert_non_null(junk.body);
    memset(junk.body, 'x', TEN_MB);
    const step image[IMAGE_STEPS] = {
        [IMAGE_RESET] = {"reset mid-body", reset_mid_body, NULL},
        [IMAGE_TRICKLE] = {"slow body", trickle, NULL},
        [IMAGE_NO_RESULT] = {"no result", send_canned, &no_result},
        [IMAGE_10MB_JUNK] = {"10 MB junk", send_canned, &junk},
    };
    run_script_client("image", image, IMAGE_STEPS, "--timeout 2", 1, &image_rows);

    canned no_audio = json_answer("{\"success\": true, \"duration\": 1.0, \"sample_rate\": 22050}");
    canned bad_base64 = json_answer("{\"success\": true, \"audio_data\": \"UklGR*not base64*\", "
                                    "\"duration\": 1.0}");
    /* 0.1 s of audio (4410 bytes) whose header and "duration" both claim 10 s */
    canned lying = wav_answer(0.1, 441000, 10.0);
    /* a legitimate answer over 10 MB: 180 s of audio as base64 */
    canned big = wav_answer(180.0, 0, 180.0);
    assert_true(big.len > TEN_MB);
    const step tts[TTS_STEPS] = {
        [TTS_RESET] = {"reset mid-body", reset_mid_body, NULL},
        [TTS_TRICKLE] = {"slow body", trickle, NULL},
        [TTS_NO_AUDIO] = {"no audio_data", send_canned, &no_audio},
        [TTS_BAD_BASE64] = {"invalid base64", send_canned, &bad_base64},
        [TTS_LYING_WAV] = {"lying WAV", send_canned, &lying},
        [TTS_10MB_WAV] = {"10 MB WAV", send_canned, &big},
    };
    run_script_client("tts", tts, TTS_STEPS, "--timeout 2", 1, &tts_rows);

    canned small = wav_answer(1.0, 0, 1.0);
    const step limited[LIMITED_STEPS] = {
        [LIMITED_10MB_WAV] = {"10 MB WAV", send_canned, &big},
        [LIMITED_SMALL_WAV] = {"small WAV", send_canned, &small},
    };
    run_script_client("tts", limited, LIMITED_STEPS, "--max-response-mb 4", 1, &limited_rows);
    canned *all[] = {&no_result, &junk, &no_audio, &bad_base64, &lying, &big, &small};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        free(all[i]->body);
    return 0;
}

static int free_all(void **state)
{
    (void)state;
    tu_csv_free(&image_rows);
    tu_csv_free(&tts_rows);
    tu_csv_free(&limited_rows);
    return 0;
}

/* Row `row` failed, and its Error_Message holds each needle (NULL-terminated). */
static void expect_failed(const tu_csv *d, int row, const char *const *needles)
{
    char buf[512];
    tu_csv_text(d, row, "Error_Message", buf, sizeof buf);
    print_message("request %d: %s\n", row, buf);
    char ok[16];
    assert_string_equal(tu_csv_text(d, row, "Success", ok, sizeof ok), "False");
    for (int i = 0; needles[i]; i++)
        if (!strstr(buf, needles[i]))
            fail_msg("request %d: Error_Message '%s' does not say '%s'", row, buf, needles[i]);
}

/* ---- tests ------------------------------------------------------------------------- */

static void a_reset_in_the_middle_of_the_body_fails_the_request(void **state)
{
    (void)state;
    const char *needles[] = {"Connection reset by peer", "(after 100 bytes of the response)", NULL};
    expect_failed(&image_rows, IMAGE_RESET, needles);
    expect_failed(&tts_rows, TTS_RESET, needles);
}

static void a_body_trickling_past_the_timeout_fails_the_request(void **state)
{
    (void)state;
    const char *needles[] = {"timeout: no complete response within 2.000 s", "bytes of the response)",
                             NULL};
    expect_failed(&image_rows, IMAGE_TRICKLE, needles);
    expect_failed(&tts_rows, TTS_TRICKLE, needles);
}

static void json_without_the_expected_fields_fails_the_request(void **state)
{
    (void)state;
    const char *no_result[] = {"response has no 'result'", NULL};
    expect_failed(&image_rows, IMAGE_NO_RESULT, no_result);
    const char *no_audio[] = {"response has no 'audio_data' string", NULL};
    expect_failed(&tts_rows, TTS_NO_AUDIO, no_audio);
}

static void invalid_base64_in_audio_data_fails_the_request(void **state)
{
    (void)state;
    const char *needles[] = {"response's 'audio_data' is not valid base64", NULL};
    expect_failed(&tts_rows, TTS_BAD_BASE64, needles);
}

static void a_wav_header_that_lies_about_its_length_fails_the_request(void **state)
{
    (void)state;
    const char *needles[] = {"not a readable WAV", "says its audio is 441000 bytes, but 4410 follow",
                             NULL};
    expect_failed(&tts_rows, TTS_LYING_WAV, needles);
}

static void a_10_mb_response_is_read_or_refused_never_a_crash(void **state)
{
    (void)state;
    /* 10 MB that is not JSON: read whole, then a malformed-JSON failure */
    const char *malformed[] = {"malformed JSON response (10485760 bytes, starting 'xxx", NULL};
    expect_failed(&image_rows, IMAGE_10MB_JUNK, malformed);
    /* a legitimate 10 MB answer is within the default limit (64 MB) */
    char buf[256];
    assert_string_equal(tu_csv_text(&tts_rows, TTS_10MB_WAV, "Success", buf, sizeof buf), "True");
    assert_float_equal(tu_csv_double(&tts_rows, TTS_10MB_WAV, "Audio_Duration_Sec"), 180.0, 1e-3);
    /* under --max-response-mb, reading stops at the limit; smaller answers still pass */
    const char *too_large[] = {"response too large: over the 4 MB limit (--max-response-mb), "
                               "stopped after ", NULL};
    expect_failed(&limited_rows, LIMITED_10MB_WAV, too_large);
    assert_string_equal(tu_csv_text(&limited_rows, LIMITED_SMALL_WAV, "Success", buf, sizeof buf),
                        "True");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_reset_in_the_middle_of_the_body_fails_the_request),
        cmocka_unit_test(a_body_trickling_past_the_timeout_fails_the_request),
        cmocka_unit_test(json_without_the_expected_fields_fails_the_request),
        cmocka_unit_test(invalid_base64_in_audio_data_fails_the_request),
        cmocka_unit_test(a_wav_header_that_lies_about_its_length_fails_the_request),
        cmocka_unit_test(a_10_mb_response_is_read_or_refused_never_a_crash),
    };
    return cmocka_run_group_tests(tests, run_all, free_all);
}
