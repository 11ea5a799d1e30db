/* topk.h — the k largest scores of a logits row, highest first (ties: lower id). */
#ifndef LTB_TOPK_H
#define LTB_TOPK_H

#include <stdint.h>

/* Writes min(k, n) entries; returns that count. NaN scores rank last. */
int ltb_topk(const float *scores, int n, int k, int32_t *ids, float *top);
#endif
