/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Secrets are found by their first bytes: this many, the shortest token Keyfob stores. Token
 * prefixes (pylon_api_eu_) are shorter, so the bytes that pick a candidate are partly random. */
#define KEYFOB_SCAN_KEY_BYTES 16

typedef struct _KeyfobScanIndex KeyfobScanIndex;

/* A match of @data's secret at @offset of the text searched. */
typedef void (*KeyfobScanFunc) (gsize    offset,
                                gpointer data,
                                gpointer user_data);

KeyfobScanIndex *keyfob_scan_index_new    (void);
void             keyfob_scan_index_free   (KeyfobScanIndex *self);
gboolean         keyfob_scan_index_add    (KeyfobScanIndex *self,
                                           SecretValue     *secret,
                                           gpointer         data);
guint            keyfob_scan_index_get_size (KeyfobScanIndex *self);
void             keyfob_scan_index_search (KeyfobScanIndex *self,
                                           const char      *text,
                                           gsize            length,
                                           KeyfobScanFunc   func,
                                           gpointer         user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobScanIndex, keyfob_scan_index_free)

G_END_DECLS
