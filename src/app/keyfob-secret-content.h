/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define KEYFOB_TYPE_SECRET_CONTENT (keyfob_secret_content_get_type ())

/* A secret as clipboard content: held in libsecret's non-pageable memory, which is wiped when
 * the content is dropped, and offered to nobody who would keep it. */
G_DECLARE_FINAL_TYPE (KeyfobSecretContent, keyfob_secret_content, KEYFOB, SECRET_CONTENT,
                      GdkContentProvider)

GdkContentProvider *keyfob_secret_content_new (SecretValue *secret);

G_END_DECLS
