/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-catalogue.h"
#include "keyfob-deadline.h"
#include "keyfob-name-lock.h"
#include "keyfob-store.h"

G_BEGIN_DECLS

/* The attributes of the items this version writes, beside the token's own: the name as the
 * name rule compares it (the label is the name too, for every other program), and the format,
 * so that one search tells whether older items are left. */
#define KEYFOB_ATTRIBUTE_NAME    "name"
#define KEYFOB_ATTRIBUTE_FORMAT  "keyfob-format"
#define KEYFOB_FORMAT            "2"

/* One public operation. It ends exactly once: with its result, or when its deadline passes
 * or its caller cancels, whether or not the Secret Service ever answers what it asked. Every
 * call in flight holds a reference, and drops it unheard once the operation has ended. */
typedef struct _Op Op;

struct _Op
{
  guint            refs;
  KeyfobStore     *store;
  GTask           *task;         /* until the operation ends */
  KeyfobDeadline  *deadline;
  GCancellable    *cancellable;  /* the deadline's: every call takes it */
  SecretService   *service;
  GDBusConnection *connection;
  char            *collection;   /* the default collection, once _open_collection() found it */
  gpointer         data;         /* what this kind of operation works on */
  GDestroyNotify   data_free;
  gboolean         renewed;      /* tried once more in a new session already */
  GError          *refusal;      /* what the first try got, if the retry gets no further */
};

typedef void (*OpStep) (Op *op);

Op       *_keyfob_store_op_new           (KeyfobStore          *store,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data,
                                          gpointer              source_tag);
Op       *_keyfob_store_op_ref           (Op                   *op);
void      _keyfob_store_op_unref         (Op                   *op);
void      _keyfob_store_op_set_data      (Op                   *op,
                                          gpointer              data,
                                          GDestroyNotify        data_free);
gboolean  _keyfob_store_op_ended         (Op                   *op);
void      _keyfob_store_op_progress      (Op                   *op);
void      _keyfob_store_op_return_pointer (Op                  *op,
                                          gpointer              result,
                                          GDestroyNotify        result_free);
void      _keyfob_store_op_return_boolean (Op                  *op);
void      _keyfob_store_op_return_error  (Op                   *op,
                                          GError               *error);
void      _keyfob_store_op_with_service  (Op                   *op,
                                          OpStep                next);
gboolean  _keyfob_store_op_retry_in_new_session (Op           *op,
                                          const GError         *error);
GError   *_keyfob_store_op_first_refusal_or (Op              *op,
                                          GError               *error);
KeyfobCatalogue *_keyfob_store_get_catalogue (KeyfobStore      *self);
GPtrArray **_keyfob_store_get_session_waiters (KeyfobStore     *self);

/* keyfob-store-errors.c */
GError     *_keyfob_store_map_error      (const GError         *error);
GError     *_keyfob_store_absent_error   (void);
GError     *_keyfob_store_no_collection_error (void);
GError     *_keyfob_store_not_stored_error (void);
GError     *_keyfob_store_denied_error   (void);

/* keyfob-store-call.c */
void      _keyfob_store_op_take_service  (Op                   *op,
                                          SecretService        *service);
void      _keyfob_store_op_call          (Op                   *op,
                                          const char           *path,
                                          const char           *interface,
                                          const char           *method,
                                          GVariant             *parameters,
                                          const GVariantType   *reply_type,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
void      _keyfob_store_op_get_property  (Op                   *op,
                                          const char           *path,
                                          const char           *property,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);

/* keyfob-store-search.c */
/* Gets the paths, or NULL once the op has ended (a failure ends it). */
typedef void (*PathsFunc)  (Op        *op,
                            char     **paths,
                            gpointer   data);

GHashTable *_keyfob_store_query_new      (void);
GHashTable *_keyfob_store_legacy_query_new (void);
gboolean    _keyfob_store_is_our_schema  (const char           *schema);
void      _keyfob_store_op_search        (Op                   *op,
                                          GHashTable           *attributes,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
void      _keyfob_store_op_search_paths  (Op                   *op,
                                          GHashTable           *query,
                                          PathsFunc             done,
                                          gpointer              data);

/* keyfob-store-read.c */
typedef void (*TokensFunc) (Op        *op,
                            GPtrArray *tokens,
                            gpointer   data);

void      _keyfob_store_op_read_tokens   (Op                   *op,
                                          const char * const   *paths,
                                          TokensFunc            done,
                                          gpointer              data);
void      _keyfob_store_op_read_tokens_full (Op                *op,
                                          const char * const   *paths,
                                          gboolean              labels,
                                          TokensFunc            done,
                                          gpointer              data);
void      _keyfob_store_op_find_named    (Op                   *op,
                                          const char           *provider_id,
                                          const char           *name,
                                          TokensFunc            done,
                                          gpointer              data);
GHashTable *_keyfob_store_attributes_of  (GVariant             *reply);

/* keyfob-store-secret.c */
void      _keyfob_store_op_open_collection (Op                 *op,
                                          OpStep                next);

/* keyfob-store-take-back.c */
void      _keyfob_store_op_take_back_refused (Op               *op,
                                          const char           *token_id,
                                          GError               *error,
                                          OpStep                retry);

/* keyfob-store-write.c */
/* Called once, also when the op ended meanwhile; @error (taken) when the write failed. */
typedef void (*WrittenFunc) (Op       *op,
                             GError   *error,
                             gpointer  data);

void      _keyfob_store_op_write         (Op                   *op,
                                          KeyfobToken          *token,
                                          GHashTable           *owned,
                                          const char           *label,
                                          WrittenFunc           done,
                                          gpointer              data);

/* Write-backs wait in line, one at a time: a hundred checks ending together are a hundred
 * writes, and gnome-keyring rewrites its file for each. */
typedef struct
{
  GQueue   waiting;  /* of Op */
  gboolean busy;
} KeyfobStoreWrites;

KeyfobStoreWrites *_keyfob_store_get_writes (KeyfobStore *self);

/* keyfob-store-change.c */
typedef struct
{
  KeyfobStore       *store;       /* a write-back's, while in line: also once the op ended */
  KeyfobToken       *token;
  SecretValue       *secret;
  char              *name;        /* the name to store */
  char              *old_name;    /* to put back if the re-check finds the new one taken */
  char              *path;        /* of the item created */
  KeyfobNameLock    *lock;
  OpStep             locked;      /* what runs under the lock */
  KeyfobCheckResult *check;
  GHashTable        *owned;       /* attributes to set (NULL values: to remove) */
} Change;

Op       *_keyfob_store_change_op_new    (KeyfobStore          *store,
                                          KeyfobToken          *token,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data,
                                          gpointer              source_tag);
Change   *_keyfob_store_change_of        (Op                   *op);
void      _keyfob_store_own_identity     (GHashTable           *owned,
                                          const char           *name);

/* keyfob-store-locate.c */
char     *_keyfob_store_name_service     (const char           *process_name);

/* keyfob-store-watch.c */
guint     _keyfob_store_watch            (KeyfobStore          *self,
                                          SecretService        *service,
                                          GDBusConnection      *connection);
void      _keyfob_store_emit_item_changed (KeyfobStore         *self,
                                          const char           *path,
                                          KeyfobStoreItemEvent  event);
void      _keyfob_store_begin_write      (KeyfobStore          *self,
                                          const char           *path);
void      _keyfob_store_end_write        (KeyfobStore          *self,
                                          const char           *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, _keyfob_store_op_unref)

G_END_DECLS
