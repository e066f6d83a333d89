/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"
/* The object-path calls (search_for_dbus_paths, unlock_dbus_paths, create_item_dbus_path...)
 * have been in libsecret since 0.7 and are what its own tools use; libsecret still files them
 * under "unstable". */
#define SECRET_API_SUBJECT_TO_CHANGE

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-store-private.h"
#include "keyfob-store-service.h"
#include "keyfob-token-private.h"

/* The whole time a password prompt may stay open: the wait is the user's. */
#define PROMPT_TIMEOUT (5 * 60)

struct _KeyfobStore
{
  GObject          parent_instance;

  guint            timeout_seconds;
  guint            prompt_seconds;
  KeyfobCatalogue *catalogue;        /* which attributes are provider fields; may be NULL */
  SecretService   *service;          /* opened on first use, dropped when it goes away */
  GPtrArray       *waiting;          /* of Waiter, for the service being opened */
  GCancellable    *opening;          /* that open, cancelled once nobody waits for it */
  GPtrArray       *ops;              /* the operations under way, borrowed */
  GPtrArray       *session_waiters;  /* of loads, while the first opens the session */
  guint            n_prompts;        /* password prompts open now */
  KeyfobStoreWrites writes;
  GDBusConnection *watched;          /* whose collection signals the store follows */
  guint            watch_id;
  GHashTable      *writing;          /* item path → writes of ours under way */
};

G_DEFINE_FINAL_TYPE (KeyfobStore, keyfob_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROMPTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- errors ---- */

static GError *
timeout_error (KeyfobStore *self)
{
  if (self->n_prompts > 0)
    return g_error_new (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The keyring’s prompt got no answer within %u second. "
                                     "Answer or close it, and try again.",
                                     "The keyring’s prompt got no answer within %u seconds. "
                                     "Answer or close it, and try again.",
                                     self->prompt_seconds),
                        self->prompt_seconds);

  return g_error_new (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The keyring did not answer within %u second. Restart it "
                                   "(log out and in again) and try again.",
                                   "The keyring did not answer within %u seconds. Restart it "
                                   "(log out and in again) and try again.",
                                   self->timeout_seconds),
                      self->timeout_seconds);
}

/* ---- operations ---- */

static void give_up_opening (KeyfobStore *self);

/* What is still in flight is cancelled, and answers to no one: it keeps the op, but no longer
 * the store, which its owner may drop as soon as it has the result. */
static void
op_end (Op *op)
{
  g_clear_object (&op->task);
  g_cancellable_cancel (op->cancellable);
  g_ptr_array_remove_fast (op->store->ops, op);
  give_up_opening (op->store);

  /* A prompt nobody waits for any more is none of ours, even if the service never closes it
   * (KWallet 5.103 never says a dismissed prompt is done). */
  if (op->store->ops->len == 0 && op->store->n_prompts > 0)
    {
      op->store->n_prompts = 0;
      g_object_notify_by_pspec (G_OBJECT (op->store), properties[PROP_PROMPTING]);
    }
  g_clear_object (&op->store);
}

static void
deadline_cb (gpointer data,
             gboolean expired)
{
  Op *op = data;

  if (_keyfob_store_op_ended (op))
    return;

  if (expired)
    _keyfob_store_op_return_error (op, timeout_error (op->store));
  else
    _keyfob_store_op_return_error (op, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                            _("Cancelled")));
}

Op *
_keyfob_store_op_new (KeyfobStore         *store,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  Op *op = g_new0 (Op, 1);

  op->refs = 1;
  op->store = g_object_ref (store);
  op->task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, source_tag);
  op->deadline = _keyfob_deadline_new (cancellable, store->timeout_seconds);
  op->cancellable = _keyfob_deadline_get_cancellable (op->deadline);
  _keyfob_deadline_set_handler (op->deadline, deadline_cb, op);
  g_ptr_array_add (store->ops, op);

  return op;
}

Op *
_keyfob_store_op_ref (Op *op)
{
  op->refs++;
  return op;
}

void
_keyfob_store_op_unref (Op *op)
{
  if (--op->refs > 0)
    return;

  /* The last reference: nothing can answer it any more. An operation nobody ended is a bug;
   * its caller would wait forever. */
  if (op->task != NULL)
    {
      g_critical ("A keyring operation was dropped without a result");
      _keyfob_store_op_return_error (op, g_error_new_literal (KEYFOB_STORE_ERROR,
                                                              KEYFOB_STORE_ERROR_FAILED,
                                                              "Internal error"));
    }

  if (op->data_free != NULL)
    op->data_free (op->data);
  g_clear_error (&op->refusal);
  g_clear_pointer (&op->deadline, _keyfob_deadline_free);
  g_clear_object (&op->service);
  g_clear_object (&op->connection);
  g_free (op->collection);
  g_clear_object (&op->store);
  g_free (op);
}

void
_keyfob_store_op_set_data (Op             *op,
                           gpointer        data,
                           GDestroyNotify  data_free)
{
  op->data = data;
  op->data_free = data_free;
}

gboolean
_keyfob_store_op_ended (Op *op)
{
  return op->task == NULL;
}

/* For work that makes progress in steps (a listing): the time allowed counts from here. */
void
_keyfob_store_op_progress (Op *op)
{
  _keyfob_deadline_restart (op->deadline);
}

void
_keyfob_store_op_return_pointer (Op             *op,
                                 gpointer        result,
                                 GDestroyNotify  result_free)
{
  g_autoptr(GTask) task = g_steal_pointer (&op->task);

  g_return_if_fail (task != NULL);

  op_end (op);
  g_task_return_pointer (task, result, result_free);
}

void
_keyfob_store_op_return_boolean (Op *op)
{
  g_autoptr(GTask) task = g_steal_pointer (&op->task);

  g_return_if_fail (task != NULL);

  op_end (op);
  g_task_return_boolean (task, TRUE);
}

/* _keyfob_store_map_error(), with what the operation's service knows: an error name GDBus does
 * not know comes from the keyring, unless nobody owns its bus name, when it comes from the bus
 * failing to start one (systemd's NoSuchUnit, say). */
static GError *
op_map_error (Op           *op,
              const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) && op->service != NULL)
    {
      g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (op->service));

      if (owner == NULL)
        return _keyfob_store_absent_error ();
    }

  return _keyfob_store_map_error (error);
}

/* Takes @error, and maps it: see op_map_error(). */
void
_keyfob_store_op_return_error (Op     *op,
                               GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&op->task);
  g_autoptr(GError) owned = error;
  GError *mapped;

  g_return_if_fail (task != NULL);

  /* A call cancelled because the deadline passed says CANCELLED: it means TIMEOUT. */
  if (_keyfob_deadline_expired (op->deadline))
    mapped = timeout_error (op->store);
  else
    mapped = op_map_error (op, owned);

  /* Gone: open it anew for the next operation (another daemon may take the name over). */
  if (g_error_matches (mapped, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE))
    g_clear_object (&op->store->service);

  op_end (op);
  g_task_return_error (task, mapped);
}

/* A secret came back as nothing (@error NULL), or the keyring refused a call that sends or
 * reads one (@error: an error the store does not otherwise know, or "no such object").
 * Either may be the session's fault: kwalletd5 before KF 6.25 refuses about one session in
 * 128, or derives another key than libsecret and garbles every secret in it (KDE bug 514194),
 * which it then calls an unknown session or object. Once per operation, the service is opened,
 * with a session, anew.
 *
 * Returns: whether @op should try its step once more, in the new session */
gboolean
_keyfob_store_op_retry_in_new_session (Op           *op,
                                       const GError *error)
{
  if (error != NULL)
    {
      g_autoptr(GError) mapped = op_map_error (op, error);

      if (!g_error_matches (mapped, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED) &&
          !g_error_matches (mapped, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND))
        return FALSE;
    }

  if (op->renewed)
    return FALSE;

  if (op->store->service == op->service)
    g_clear_object (&op->store->service);
  op->renewed = TRUE;
  if (error != NULL)
    op->refusal = g_error_copy (error);
  return TRUE;
}

/* What to report when the retry got no further than "nothing": the first try's refusal, if it
 * had one, else @error. Takes @error. */
GError *
_keyfob_store_op_first_refusal_or (Op     *op,
                                   GError *error)
{
  if (op->refusal == NULL)
    return error;

  g_error_free (error);
  return g_steal_pointer (&op->refusal);
}

/* ---- the Secret Service ---- */

static void
prompting_cb (KeyfobStoreService *service,
              gboolean            open,
              KeyfobStore        *self)
{
  if (open)
    {
      self->n_prompts++;
      for (guint i = 0; i < self->ops->len; i++)
        _keyfob_deadline_extend (((Op *) g_ptr_array_index (self->ops, i))->deadline,
                                 self->prompt_seconds);
    }
  else if (self->n_prompts > 0)
    {
      self->n_prompts--;
    }

  if (self->n_prompts <= 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPTING]);
}

/* The keyring quit (or crashed) under the operations using it; if another takes its name,
 * their items are gone with the old one. Whatever they would report now would mislead. */
static void
name_owner_cb (SecretService *service,
               GParamSpec    *pspec,
               KeyfobStore   *self)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_copy (self->ops, NULL, NULL);

  if (self->service == service)
    g_clear_object (&self->service);

  for (guint i = 0; i < ops->len; i++)
    {
      Op *op = g_ptr_array_index (ops, i);

      if (op->service == service && !_keyfob_store_op_ended (op))
        _keyfob_store_op_return_error (op, g_error_new_literal (KEYFOB_STORE_ERROR,
                                                                KEYFOB_STORE_ERROR_UNAVAILABLE,
                                                                _("The keyring quit while "
                                                                  "Keyfob was using it. Start "
                                                                  "it again and try again.")));
    }
}

/* An operation waiting for the service to be opened, and its next step. */
typedef struct
{
  Op     *op;
  OpStep  next;
} Waiter;

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  _keyfob_store_op_unref (waiter->op);
  g_free (waiter);
}

/* Once every operation that waited for the service has ended, so does the opening: a service
 * that never answers must not keep the store. */
static void
give_up_opening (KeyfobStore *self)
{
  if (self->waiting == NULL)
    return;

  for (guint i = 0; i < self->waiting->len; i++)
    if (!_keyfob_store_op_ended (((Waiter *) g_ptr_array_index (self->waiting, i))->op))
      return;

  g_cancellable_cancel (self->opening);
}

static void
service_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KeyfobStore) self = g_weak_ref_get (weak);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_open_finish (result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;

  waiting = g_steal_pointer (&self->waiting);
  g_clear_object (&self->opening);

  if (service != NULL)
    {
      g_set_object (&self->service, service);
      g_signal_connect_object (service, "prompting", G_CALLBACK (prompting_cb), self, 0);
      g_signal_connect_object (service, "notify::g-name-owner", G_CALLBACK (name_owner_cb),
                               self, 0);
      if (self->watched == NULL)
        {
          self->watched = g_object_ref (g_dbus_proxy_get_connection (G_DBUS_PROXY (service)));
          self->watch_id = _keyfob_store_watch (self, service, self->watched);
        }
    }

  for (guint i = 0; i < waiting->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiting, i);

      if (_keyfob_store_op_ended (waiter->op))
        continue;

      if (service == NULL)
        {
          _keyfob_store_op_return_error (waiter->op, g_error_copy (error));
          continue;
        }

      _keyfob_store_op_take_service (waiter->op, service);
      waiter->next (waiter->op);
    }
}

/* Step 1 of every operation: reach the Secret Service, opened once for all operations. */
void
_keyfob_store_op_with_service (Op     *op,
                               OpStep  next)
{
  KeyfobStore *self = op->store;
  GWeakRef *weak;
  Waiter *waiter;

  if (self->service != NULL)
    {
      _keyfob_store_op_take_service (op, self->service);
      next (op);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->op = _keyfob_store_op_ref (op);
  waiter->next = next;

  if (self->waiting != NULL)
    {
      g_ptr_array_add (self->waiting, waiter);
      return;
    }

  self->waiting = g_ptr_array_new_with_free_func (waiter_free);
  g_ptr_array_add (self->waiting, waiter);
  /* Not the operation's cancellable: the service serves the others too. */
  self->opening = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  secret_service_open (KEYFOB_TYPE_STORE_SERVICE, NULL, SECRET_SERVICE_NONE, self->opening,
                       service_opened_cb, weak);
}

/* ---- the object ---- */

static void
keyfob_store_dispose (GObject *object)
{
  KeyfobStore *self = (KeyfobStore *) object;

  if (self->watched != NULL)
    g_dbus_connection_signal_unsubscribe (self->watched, self->watch_id);
  g_clear_object (&self->watched);
  g_clear_object (&self->service);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  if (self->opening != NULL)
    g_cancellable_cancel (self->opening);
  g_clear_object (&self->opening);
  g_clear_pointer (&self->session_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (keyfob_store_parent_class)->dispose (object);
}

static void
keyfob_store_finalize (GObject *object)
{
  KeyfobStore *self = (KeyfobStore *) object;

  /* Each operation under way holds a reference on the store. */
  g_assert (self->ops->len == 0);
  g_assert (g_queue_is_empty (&self->writes.waiting));
  g_ptr_array_unref (self->ops);
  g_hash_table_unref (self->writing);

  G_OBJECT_CLASS (keyfob_store_parent_class)->finalize (object);
}

static void
keyfob_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KeyfobStore *self = KEYFOB_STORE (object);

  switch (prop_id)
    {
    case PROP_PROMPTING:
      g_value_set_boolean (value, self->n_prompts > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_store_class_init (KeyfobStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_store_dispose;
  object_class->finalize = keyfob_store_finalize;
  object_class->get_property = keyfob_store_get_property;

  /**
   * KeyfobStore:prompting:
   *
   * Whether the keyring shows the user a prompt for an operation of this store: the
   * operations then wait for the user, up to five minutes.
   */
  properties[PROP_PROMPTING] =
    g_param_spec_boolean ("prompting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KeyfobStore::item-changed:
   * @path: the item's object path
   * @event: a #KeyfobStoreItemEvent
   *
   * A collection announced that one of its items was created, changed or deleted, by this
   * process or any other. Followed from the first operation on.
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

/* The announcement of a change of ours says nothing the store does not know: the token object
 * has the values already. Other programs' changes, and every creation and deletion, go on. */
void
_keyfob_store_emit_item_changed (KeyfobStore          *self,
                                 const char           *path,
                                 KeyfobStoreItemEvent  event)
{
  if (event == KEYFOB_STORE_ITEM_CHANGED && g_hash_table_contains (self->writing, path))
    return;

  g_signal_emit (self, signals[ITEM_CHANGED], 0, path, (int) event);
}

void
_keyfob_store_begin_write (KeyfobStore *self,
                           const char  *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->writing, path));

  g_hash_table_insert (self->writing, g_strdup (path), GUINT_TO_POINTER (n + 1));
}

void
_keyfob_store_end_write (KeyfobStore *self,
                         const char  *path)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->writing, path));

  if (n > 1)
    g_hash_table_insert (self->writing, g_strdup (path), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->writing, path);
}

static void
keyfob_store_init (KeyfobStore *self)
{
  self->timeout_seconds = KEYFOB_STORE_TIMEOUT;
  self->prompt_seconds = PROMPT_TIMEOUT;
  self->ops = g_ptr_array_new ();
  self->writing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->writes.waiting);
}

KeyfobStore *
keyfob_store_new (void)
{
  return g_object_new (KEYFOB_TYPE_STORE, NULL);
}

void
keyfob_store_set_timeout (KeyfobStore *self,
                          guint        seconds)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

/* How long an operation waits while the keyring shows a prompt. */
void
keyfob_store_set_prompt_timeout (KeyfobStore *self,
                                 guint        seconds)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));
  g_return_if_fail (seconds > 0);

  self->prompt_seconds = seconds;
}

/**
 * keyfob_store_set_catalogue:
 * @catalogue: (nullable): the providers, whose files say which attributes are fields
 *
 * Without it, every attribute Keyfob does not own reads as a provider field; with it, only the
 * ones the token's provider declares (a KeePassXC entry's Title or Uuid is no field).
 */
void
keyfob_store_set_catalogue (KeyfobStore     *self,
                            KeyfobCatalogue *catalogue)
{
  g_return_if_fail (KEYFOB_IS_STORE (self));

  g_set_object (&self->catalogue, catalogue);
}

KeyfobCatalogue *
_keyfob_store_get_catalogue (KeyfobStore *self)
{
  return self->catalogue;
}

KeyfobStoreWrites *
_keyfob_store_get_writes (KeyfobStore *self)
{
  return &self->writes;
}

gboolean
keyfob_store_get_prompting (KeyfobStore *self)
{
  g_return_val_if_fail (KEYFOB_IS_STORE (self), FALSE);

  return self->n_prompts > 0;
}

GPtrArray **
_keyfob_store_get_session_waiters (KeyfobStore *self)
{
  return &self->session_waiters;
}
