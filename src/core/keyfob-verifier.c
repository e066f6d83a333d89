/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-verifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "keyfob-check-host.h"
#include "keyfob-deadline.h"
#include "keyfob-provider-private.h"
#include "keyfob-secret.h"
#include "keyfob-uri.h"
#include "keyfob-verifier-private.h"

#define READ_CHUNK (64 * 1024)

struct _KeyfobVerifier
{
  GObject      parent_instance;

  SoupSession *session;
  guint        timeout_seconds;
  guint        n_active;
  GQueue       waiting;  /* of GTask: checks beyond the in-flight limit */
};

G_DEFINE_FINAL_TYPE (KeyfobVerifier, keyfob_verifier, G_TYPE_OBJECT)

G_DEFINE_QUARK (keyfob-verifier-error-quark, keyfob_verifier_error)

typedef struct
{
  KeyfobProvider *provider;
  GHashTable     *fields;
  SecretValue    *secret;
  GUri           *uri;
  char           *host;       /* the provider's, before any endpoint override */
  guint           redirects;
  KeyfobDeadline *deadline;
  SoupMessage    *message;
  GInputStream   *stream;
  GByteArray     *body;
  gint64          started_us;
  gboolean        started;
  gboolean        reserved;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->provider);
  g_clear_pointer (&check->fields, g_hash_table_unref);
  g_clear_pointer (&check->secret, secret_value_unref);
  g_clear_pointer (&check->uri, g_uri_unref);
  g_free (check->host);
  g_clear_pointer (&check->deadline, _keyfob_deadline_free);
  g_clear_object (&check->message);
  g_clear_object (&check->stream);
  g_clear_pointer (&check->body, g_byte_array_unref);
  g_free (check);
}

static void start_check (GTask *task);

/* The waiting queue holds checks and reservations (see _keyfob_verifier_reserve_async()),
 * served in order; a reservation takes its slot when it leaves the queue. */
static void
start_waiting (KeyfobVerifier *self)
{
  while (self->n_active < KEYFOB_VERIFIER_MAX_IN_FLIGHT && !g_queue_is_empty (&self->waiting))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->waiting);

      if (g_task_get_source_tag (task) != _keyfob_verifier_reserve_async)
        {
          start_check (g_steal_pointer (&task));
          continue;
        }

      if (g_task_return_error_if_cancelled (task))
        continue;

      self->n_active++;
      g_task_return_boolean (task, TRUE);
    }
}

/* Every started check ends here, exactly once, with a verdict or an error. */
static void
finish_check (GTask             *task,
              KeyfobCheckResult *result,
              GError            *error)
{
  KeyfobVerifier *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);

  if (check->started)
    self->n_active--;

  if (result != NULL)
    {
      result->latency_ms = (g_get_monotonic_time () - check->started_us) / 1000;
      result->host = g_strdup (check->host);
      g_task_return_pointer (task, result, (GDestroyNotify) keyfob_check_result_free);
    }
  else
    {
      g_task_return_error (task, error);
    }

  g_object_unref (task);
  start_waiting (self);
}

static void
conclude (GTask             *task,
          KeyfobCheckResult *result,
          const char        *reason)
{
  Check *check = g_task_get_task_data (task);

  if (result->detail == NULL)
    result->detail = _keyfob_verifier_describe (check->provider, result, reason,
                                                secret_value_get_text (check->secret));

  finish_check (task, result, NULL);
}

static void
conclude_response (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (check->message);
  KeyfobCheckResult *result;

  result = _keyfob_verifier_interpret (check->provider,
                                       soup_message_get_status (check->message),
                                       (const char *) check->body->data, check->body->len,
                                       soup_message_headers_get_one (headers, "Retry-After"),
                                       secret_value_get_text (check->secret));
  conclude (task, result, NULL);
}

static void
conclude_failure (GTask  *task,
                  GError *error)
{
  Check *check = g_task_get_task_data (task);
  g_autofree char *reason = NULL;
  KeyfobCheckResult *result;
  const char *host = g_uri_get_host (check->uri);

  if (_keyfob_deadline_expired (check->deadline) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      guint seconds = KEYFOB_VERIFIER (g_task_get_source_object (task))->timeout_seconds;

      result = keyfob_check_result_new (KEYFOB_VERDICT_TIMEOUT);
      reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s did not answer within %u second",
                                             "%s did not answer within %u seconds", seconds),
                                host, seconds);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_check (task, NULL, g_error_copy (error));
      return;
    }
  else if (error->domain == G_TLS_ERROR)
    {
      result = keyfob_check_result_new (KEYFOB_VERDICT_TLS);
      reason = g_strdup_printf (_("The secure connection to %s failed (%s); the token was not "
                                  "sent"), host, error->message);
    }
  else
    {
      result = keyfob_check_result_new (KEYFOB_VERDICT_NETWORK);
      reason = g_strdup_printf (_("Could not reach %s: %s"), host, error->message);
    }

  conclude (task, result, reason);
}

static void read_body (GTask *task);

static void
body_read_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  GTask *task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), res,
                                                              &error);

  if (bytes == NULL)
    {
      conclude_failure (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      conclude_response (task);
      return;
    }

  g_byte_array_append (check->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* Stop at the cap: an endless body must not grow memory. */
  if (check->body->len > KEYFOB_VERIFIER_MAX_BODY)
    {
      conclude_response (task);
      return;
    }

  read_body (task);
}

static void
read_body (GTask *task)
{
  Check *check = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (check->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   _keyfob_deadline_get_cancellable (check->deadline),
                                   body_read_cb, task);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_strcmp0 (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static void send_request (GTask *task);

/* libsoup would keep Authorization (and any X-API-KEY) on a redirect to another host, so
 * redirects are followed here, on the same scheme, host and port only. */
static gboolean
follow_redirect (GTask *task)
{
  Check *check = g_task_get_task_data (task);
  const char *location = soup_message_headers_get_one (
    soup_message_get_response_headers (check->message), "Location");
  g_autoptr(GUri) target = NULL;
  g_autofree char *reason = NULL;

  if (location != NULL)
    target = g_uri_parse_relative (check->uri, location, G_URI_FLAGS_ENCODED, NULL);

  if (target == NULL || !same_origin (target, check->uri))
    {
      KeyfobCheckResult *result = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);

      result->http_status = soup_message_get_status (check->message);
      reason = g_strdup_printf (_("it redirects to another address (%s); Keyfob did not send "
                                  "the token there"),
                                target ? g_uri_get_host (target) : _("none given"));
      conclude (task, result, reason);
      return TRUE;
    }

  if (++check->redirects > KEYFOB_VERIFIER_MAX_REDIRECTS)
    {
      KeyfobCheckResult *result = keyfob_check_result_new (KEYFOB_VERDICT_UNEXPECTED);

      result->http_status = soup_message_get_status (check->message);
      conclude (task, result, _("it redirects too many times"));
      return TRUE;
    }

  g_uri_unref (check->uri);
  check->uri = g_steal_pointer (&target);
  g_clear_object (&check->stream);
  send_request (task);

  return TRUE;
}

static void
sent_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  check->stream = soup_session_send_finish (SOUP_SESSION (object), res, &error);
  if (check->stream == NULL)
    {
      conclude_failure (task, error);
      return;
    }

  status = soup_message_get_status (check->message);
  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      follow_redirect (task))
    return;

  read_body (task);
}

static void
send_request (GTask *task)
{
  KeyfobVerifier *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);
  const KeyfobVerifySpec *spec = _keyfob_provider_get_verify_spec (check->provider);
  g_autofree char *auth_name = NULL;
  char *auth_value;
  SoupMessageHeaders *headers;

  g_clear_object (&check->message);
  check->message = soup_message_new_from_uri (spec->method, check->uri);
  soup_message_add_flags (check->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (check->message);

  for (guint i = 0; i < spec->header_names->len; i++)
    {
      g_autofree char *value = _keyfob_provider_expand (check->provider,
                                                        g_ptr_array_index (spec->header_values, i),
                                                        check->fields, FALSE, NULL);

      if (value != NULL)
        soup_message_headers_replace (headers, g_ptr_array_index (spec->header_names, i), value);
    }

  auth_value = keyfob_provider_format_auth (check->provider, check->fields,
                                            secret_value_get_text (check->secret), &auth_name);
  soup_message_headers_replace (headers, auth_name, auth_value);
  keyfob_secret_free (auth_value);

  soup_session_send_async (self->session, check->message, G_PRIORITY_DEFAULT,
                           _keyfob_deadline_get_cancellable (check->deadline), sent_cb, task);
}

static void
start_check (GTask *task)
{
  KeyfobVerifier *self = g_task_get_source_object (task);
  Check *check = g_task_get_task_data (task);

  /* A reserved check has its slot already. */
  if (!check->reserved)
    self->n_active++;
  check->started = TRUE;
  check->started_us = g_get_monotonic_time ();
  check->deadline = _keyfob_deadline_new (g_task_get_cancellable (task), self->timeout_seconds);
  send_request (task);
}

/* Replaces scheme, host and port with those of KEYFOB_ENDPOINT_OVERRIDE, when it is set,
 * keeping path and query: the tests point the vendors at their emulators this way. */
static GUri *
apply_endpoint_override (GUri    *uri,
                         GError **error)
{
  const char *override = g_getenv ("KEYFOB_ENDPOINT_OVERRIDE");
  g_autoptr(GUri) base = NULL;

  if (override == NULL || override[0] == '\0')
    return g_uri_ref (uri);

  base = g_uri_parse (override, G_URI_FLAGS_NONE, NULL);
  if (base == NULL || g_uri_get_host (base) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "https") != 0 &&
       !keyfob_uri_is_loopback_http (override)))
    {
      g_set_error (error, KEYFOB_VERIFIER_ERROR, KEYFOB_VERIFIER_ERROR_INSECURE_URL,
                   _("KEYFOB_ENDPOINT_OVERRIDE must be an https:// address, or http:// to this "
                     "machine (such as http://127.0.0.1:8080)."));
      return NULL;
    }

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      NULL,
                      g_uri_get_host (base),
                      g_uri_get_port (base),
                      g_uri_get_path (uri),
                      g_uri_get_query (uri),
                      NULL);
}

static void
keyfob_verifier_dispose (GObject *object)
{
  KeyfobVerifier *self = (KeyfobVerifier *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (keyfob_verifier_parent_class)->dispose (object);
}

static void
keyfob_verifier_class_init (KeyfobVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_verifier_dispose;
}

static void
keyfob_verifier_init (KeyfobVerifier *self)
{
  self->timeout_seconds = KEYFOB_VERIFIER_TIMEOUT;
  g_queue_init (&self->waiting);

  /* No SoupLogger: it would print the Authorization and X-API-KEY headers. */
  self->session = soup_session_new_with_options ("user-agent", "Keyfob/" PACKAGE_VERSION,
                                                 "timeout", self->timeout_seconds,
                                                 "max-conns", KEYFOB_VERIFIER_MAX_IN_FLIGHT,
                                                 "max-conns-per-host",
                                                 KEYFOB_VERIFIER_MAX_IN_FLIGHT,
                                                 NULL);
}

KeyfobVerifier *
keyfob_verifier_new (void)
{
  return g_object_new (KEYFOB_TYPE_VERIFIER, NULL);
}

void
keyfob_verifier_set_timeout (KeyfobVerifier *self,
                             guint           seconds)
{
  g_return_if_fail (KEYFOB_IS_VERIFIER (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
  soup_session_set_timeout (self->session, seconds);
}

guint
keyfob_verifier_get_n_active (KeyfobVerifier *self)
{
  g_return_val_if_fail (KEYFOB_IS_VERIFIER (self), 0);

  return self->n_active;
}

/**
 * _keyfob_verifier_reserve_async:
 *
 * Waits, in line with the checks, for a slot among the %KEYFOB_VERIFIER_MAX_IN_FLIGHT: a
 * caller that has to load the secret first (from the keyring) loads it only once its check can
 * start, so that "test all" holds four secrets at a time, not all of them. Use the slot with
 * _keyfob_verifier_check_reserved_async(), or give it back with _keyfob_verifier_release().
 */
void
_keyfob_verifier_reserve_async (KeyfobVerifier      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KEYFOB_IS_VERIFIER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _keyfob_verifier_reserve_async);
  g_queue_push_tail (&self->waiting, task);
  start_waiting (self);
}

gboolean
_keyfob_verifier_reserve_finish (KeyfobVerifier  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A reserved slot that no check will use. */
void
_keyfob_verifier_release (KeyfobVerifier *self)
{
  g_return_if_fail (self->n_active > 0);

  self->n_active--;
  start_waiting (self);
}

static void check_start (KeyfobVerifier      *self,
                         KeyfobProvider      *provider,
                         GHashTable          *fields,
                         SecretValue         *secret,
                         gboolean             reserved,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);

/* keyfob_verifier_check_async(), in a slot reserved before: it starts at once. */
void
_keyfob_verifier_check_reserved_async (KeyfobVerifier      *self,
                                       KeyfobProvider      *provider,
                                       GHashTable          *fields,
                                       SecretValue         *secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  check_start (self, provider, fields, secret, TRUE, cancellable, callback, user_data);
}

/**
 * keyfob_verifier_check_async:
 * @fields: (element-type utf8 utf8): the token's provider fields
 * @secret: the token
 *
 * Asks the provider whether it accepts the token. Checks beyond
 * %KEYFOB_VERIFIER_MAX_IN_FLIGHT wait for a free slot; each has its own timeout.
 */
void
keyfob_verifier_check_async (KeyfobVerifier      *self,
                             KeyfobProvider      *provider,
                             GHashTable          *fields,
                             SecretValue         *secret,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  check_start (self, provider, fields, secret, FALSE, cancellable, callback, user_data);
}

static void
check_start (KeyfobVerifier      *self,
             KeyfobProvider      *provider,
             GHashTable          *fields,
             SecretValue         *secret,
             gboolean             reserved,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) target = NULL;
  Check *check;

  g_return_if_fail (KEYFOB_IS_VERIFIER (self));
  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));
  g_return_if_fail (fields != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, keyfob_verifier_check_async);

  check = g_new0 (Check, 1);
  check->provider = g_object_ref (provider);
  check->fields = g_hash_table_ref (fields);
  check->secret = secret_value_ref (secret);
  check->reserved = reserved;
  check->body = g_byte_array_new ();
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);

  if (!(target = keyfob_check_uri_build (provider, fields, &error)) ||
      !(check->uri = apply_endpoint_override (target, &error)))
    {
      if (reserved)
        _keyfob_verifier_release (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  check->host = keyfob_check_host_of_uri (target);

  if (reserved)
    {
      start_check (g_steal_pointer (&task));
      return;
    }

  g_queue_push_tail (&self->waiting, g_steal_pointer (&task));
  start_waiting (self);
}

/**
 * keyfob_verifier_check_finish:
 *
 * Returns: (transfer full): the verdict, or %NULL when the check could not run or was cancelled
 */
KeyfobCheckResult *
keyfob_verifier_check_finish (KeyfobVerifier  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
