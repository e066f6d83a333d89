/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry point; tests/fuzz/replay.c calls it too, built with gcc. */
int        LLVMFuzzerTestOneInput    (const uint8_t *data,
                                      size_t         size);

void       fuzz_setup                (void);
GPtrArray *fuzz_get_providers        (void);
char      *fuzz_next_part            (const char   **cursor,
                                      const char    *end,
                                      char           separator);
void       fuzz_assert_utf8          (const char    *text);
void       fuzz_assert_vendor_text   (const char    *text,
                                      guint          max_chars,
                                      const char    *token);

G_END_DECLS
