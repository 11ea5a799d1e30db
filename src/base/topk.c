/* topk.c — top-k by insertion into a small sorted array: O(n*k), k <= 5 here. */
#include "topk.h"

#include <math.h>

static int ranks_above(float a, int32_t ia, float b, int32_t ib)
{
    if (isnan(a))
        return 0;
    if (isnan(b))
        return 1;
    return a > b || (a == b && ia < ib);
}

int ltb_topk(const float *scores, int n, int k, int32_t *ids, float *top)
{
    int count = 0;
    if (k > n)
        k = n;
    if (k <= 0)
        return 0;
    for (int32_t i = 0; i < n; i++) {
        float v = scores[i];
        if (count == k && !ranks_above(v, i, top[k - 1], ids[k - 1]))
            continue;
        int pos = count < k ? count++ : k - 1;
        while (pos > 0 && ranks_above(v, i, top[pos - 1], ids[pos - 1])) {
            top[pos] = top[pos - 1];
            ids[pos] = ids[pos - 1];
            pos--;
        }
        top[pos] = v;
        ids[pos] = i;
    }
    return count;
}
