/* prompts.c — the seeded prompt generator (see prompts.h). The base prompts and
 * style modifiers were written for ltbench in the seed's manner: a subject, then
 * comma-separated style words. */
#include "prompts.h"
#include "rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kBasePrompts[] = {
    "A serene mountain landscape at sunrise",
    "A futuristic city skyline at night",
    "A portrait of an old fisherman",
    "A cat sitting on a windowsill",
    "A bowl of fresh fruit on a wooden table",
    "An astronaut riding a horse on the moon",
    "A lighthouse on a rocky coast during a storm",
    "A cozy cabin in a snowy forest",
    "A red sports car on a desert highway",
    "A medieval castle on a hill",
    "A field of sunflowers under a blue sky",
    "A steaming cup of coffee on a rainy morning",
    "A dragon flying over a waterfall",
    "A busy market street in an old town",
    "A robot reading a book in a library",
    "A sailboat on a calm lake at sunset",
    "An owl perched on a branch in the moonlight",
    "A crowded train station in the rain",
    "A tropical beach with palm trees",
    "A hummingbird feeding on a flower",
    "A snowy mountain village at dusk",
    "An ancient temple overgrown with vines",
    "A hot air balloon over green hills",
    "A child flying a kite in a park",
};

static const char *const kStyleModifiers[] = {
    "highly detailed", "digital art", "oil painting", "watercolor", "photorealistic",
    "cinematic lighting", "4k", "8k resolution", "trending on artstation", "concept art",
    "soft focus", "dramatic lighting", "studio photo", "pencil sketch", "vibrant colors",
    "golden hour", "wide angle", "minimalist", "impressionist style", "octane render",
    "sharp focus", "matte painting", "volumetric light", "bokeh",
};

#define N_BASE (sizeof kBasePrompts / sizeof kBasePrompts[0])
#define N_STYLE (sizeof kStyleModifiers / sizeof kStyleModifiers[0])

/* Byte length of s cut to at most max characters, at the last space when it is cut. */
static size_t cut_to(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max)
        return len;
    size_t cut = max;
    while (cut > 0 && s[cut] != ' ')
        cut--;
    return cut > 0 ? cut : max;
}

/* Appends ", <modifier>" of distinct modifiers while len < target and one fits. */
static size_t add_modifiers(char *buf, size_t len, size_t target, size_t max, uint64_t *state)
{
    int used[N_STYLE] = {0};
    for (size_t tries = 0; len < target && tries < 4 * N_STYLE; tries++) {
        size_t k = (size_t)(ltb_rng_next(state) % N_STYLE);
        size_t add = strlen(kStyleModifiers[k]);
        if (used[k] || len + 2 + add > max)
            continue;
        used[k] = 1;
        memcpy(buf + len, ", ", 2);
        memcpy(buf + len + 2, kStyleModifiers[k], add);
        len += 2 + add;
    }
    return len;
}

/* Pads to min: " " and the first characters of a modifier (or "." for one). */
static size_t pad_to(char *buf, size_t len, size_t min, uint64_t *state)
{
    if (len >= min)
        return len;
    if (min - len == 1) {
        buf[len++] = '.';
        return len;
    }
    const char *m = kStyleModifiers[ltb_rng_next(state) % N_STYLE];
    buf[len++] = ' ';
    while (len < min) {
        buf[len++] = *m ? *m : 'x';
        if (*m)
            m++;
    }
    return len;
}

int ltb_prompts_generate(int min_len, int max_len, int variations, uint64_t seed,
                         ltb_texts *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (min_len < 1 || max_len < min_len || max_len > LTB_MAX_PROMPT_CHARS || variations < 1 ||
        variations > LTB_MAX_TEXTS) {
        snprintf(err, errlen, "prompt lengths need 1 <= min <= max <= %d and 1..%d variations",
                 LTB_MAX_PROMPT_CHARS, LTB_MAX_TEXTS);
        return -1;
    }
    uint64_t state = ltb_rng_state(seed, 0x1B873593ull);
    char buf[LTB_MAX_PROMPT_CHARS + 1];
    for (int v = 0; v < variations; v++) {
        size_t target = (size_t)min_len + (size_t)(ltb_rng_next(&state) % (uint64_t)(max_len - min_len + 1));
        const char *base = kBasePrompts[ltb_rng_next(&state) % N_BASE];
        size_t len = cut_to(base, (size_t)max_len);
        memcpy(buf, base, len);
        len = add_modifiers(buf, len, target, (size_t)max_len, &state);
        len = pad_to(buf, len, (size_t)min_len, &state);
        if (ltb_texts_push(out, buf, len) != 0) {
            ltb_texts_free(out);
            snprintf(err, errlen, "out of memory generating prompts");
            return -1;
        }
    }
    return 0;
}
