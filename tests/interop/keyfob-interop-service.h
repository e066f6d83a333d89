/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the service does to a dialog it shows: the user types the password, or closes it. */
typedef enum
{
  KEYFOB_INTEROP_ANSWER_PASSWORD,
  KEYFOB_INTEROP_ANSWER_DISMISS,
} KeyfobInteropAnswer;

typedef struct _KeyfobInteropDialog KeyfobInteropDialog;

const char          *keyfob_interop_service_name        (void);
const char          *keyfob_interop_default_collection  (void);
char               **keyfob_interop_collections         (void);
char                *keyfob_interop_read_alias          (const char          *alias);
gboolean             keyfob_interop_collection_locked   (const char          *collection);
void                 keyfob_interop_lock                (const char          *collection);
char                *keyfob_interop_find_item           (const char          *token_id);
GHashTable          *keyfob_interop_item_attributes     (const char          *item);
char                *keyfob_interop_item_label          (const char          *item);
void                 keyfob_interop_set_item_attributes (const char          *item,
                                                         GHashTable          *attributes);
GHashTable          *keyfob_interop_plant_attributes    (const char          *item);
void                 keyfob_interop_assert_kept         (const char          *item,
                                                         GHashTable          *planted,
                                                         const char          *after);
char                *keyfob_interop_windows             (void);
KeyfobInteropDialog *keyfob_interop_dialog_answer_async (KeyfobInteropAnswer  answer);
gboolean             keyfob_interop_dialog_finish       (KeyfobInteropDialog *dialog);

G_END_DECLS
