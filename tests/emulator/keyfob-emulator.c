/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <libsoup/soup.h>

#include "keyfob-emulator-private.h"

/* The emulator itself: its two loopback servers, what it counts, and the API tests call. */

/* Test-only certificate and key for keyfob_emulator_new_tls(), under G_TEST_SRCDIR. */
#define SELF_SIGNED_PEM "self-signed.pem"

static void
message_done_cb (SoupServerMessage *msg,
                 KeyfobEmulator    *self)
{
  g_hash_table_remove (self->in_flight, msg);
}

static void
message_got_headers_cb (SoupServerMessage *msg,
                        KeyfobEmulator    *self)
{
  g_hash_table_add (self->in_flight, msg);
  self->max_in_flight = MAX (self->max_in_flight, g_hash_table_size (self->in_flight));
}

static void
message_finalized_cb (gpointer  data,
                      GObject  *where_the_object_was)
{
  KeyfobEmulator *self = data;

  g_hash_table_remove (self->in_flight, where_the_object_was);
  g_hash_table_remove (self->messages, where_the_object_was);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    KeyfobEmulator    *self)
{
  /* A keep-alive connection starts a message before the next request arrives, so a request
   * counts as open from its headers on. */
  g_hash_table_add (self->messages, msg);
  g_object_weak_ref (G_OBJECT (msg), message_finalized_cb, self);
  g_signal_connect (msg, "got-headers", G_CALLBACK (message_got_headers_cb), self);
  g_signal_connect (msg, "finished", G_CALLBACK (message_done_cb), self);
  g_signal_connect (msg, "disconnected", G_CALLBACK (message_done_cb), self);
}

static SoupServer *
listen_loopback (SoupServerCallback   callback,
                 KeyfobEmulator      *self,
                 GTlsCertificate     *certificate,
                 char               **url)
{
  g_autoptr(SoupServer) server = soup_server_new ("tls-certificate", certificate, NULL);
  g_autoptr(GError) error = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  GSList *uris;

  if (certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  soup_server_add_handler (server, NULL, callback, self, NULL);
  if (!soup_server_listen_local (server, 0, options, &error))
    g_error ("Emulator cannot listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  *url = g_strdup_printf ("%s://127.0.0.1:%d", certificate ? "https" : "http",
                          g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&server);
}

static KeyfobEmulator *
emulator_new (GTlsCertificate *certificate)
{
  KeyfobEmulator *self = g_new0 (KeyfobEmulator, 1);

  self->delay_ms = KEYFOB_EMULATOR_DELAY_MS;
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->requests_for = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->messages = g_hash_table_new (NULL, NULL);
  self->in_flight = g_hash_table_new (NULL, NULL);
  self->held = g_ptr_array_new_with_free_func (_keyfob_emulator_held_free);
  self->streams = g_ptr_array_new_with_free_func (_keyfob_emulator_stream_free);

  self->server = listen_loopback (_keyfob_emulator_server_cb, self, certificate, &self->url);
  self->other = listen_loopback (_keyfob_emulator_other_server_cb, self, NULL, &self->other_url);
  g_signal_connect (self->server, "request-started", G_CALLBACK (request_started_cb), self);

  return self;
}

KeyfobEmulator *
keyfob_emulator_new (void)
{
  return emulator_new (NULL);
}

/**
 * keyfob_emulator_new_tls:
 *
 * Like keyfob_emulator_new(), but serving https with a self-signed certificate (for
 * 127.0.0.1) that no client should accept: a request the emulator counts got through.
 * Reads tests/emulator/self-signed.pem through G_TEST_SRCDIR, which the test env sets.
 */
KeyfobEmulator *
keyfob_emulator_new_tls (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (srcdir == NULL)
    g_error ("keyfob_emulator_new_tls() finds its certificate through G_TEST_SRCDIR, "
             "which is not set");

  path = g_build_filename (srcdir, "emulator", SELF_SIGNED_PEM, NULL);
  certificate = g_tls_certificate_new_from_file (path, &error);
  if (certificate == NULL)
    g_error ("Emulator cannot load %s: %s", path, error->message);

  return emulator_new (certificate);
}

void
keyfob_emulator_free (KeyfobEmulator *self)
{
  GHashTableIter iter;
  gpointer msg;

  if (self == NULL)
    return;

  /* Stop every callback into self first: closing the connections below emits signals. */
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_hash_table_iter_init (&iter, self->messages);
  while (g_hash_table_iter_next (&iter, &msg, NULL))
    {
      g_signal_handlers_disconnect_by_data (msg, self);
      g_object_weak_unref (msg, message_finalized_cb, self);
    }
  g_signal_handlers_disconnect_by_data (self->server, self);

  soup_server_disconnect (self->server);
  soup_server_disconnect (self->other);
  g_clear_object (&self->server);
  g_clear_object (&self->other);

  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->requests_for, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->other_url, g_free);
  g_clear_pointer (&self->last_path, g_free);
  g_free (self);
}

const char *
keyfob_emulator_get_url (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

void
keyfob_emulator_set_token (KeyfobEmulator          *self,
                           const char              *token,
                           KeyfobEmulatorBehaviour  behaviour)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (token != NULL);

  g_hash_table_replace (self->tokens, g_strdup (token), GINT_TO_POINTER (behaviour));
}

/**
 * keyfob_emulator_set_delay:
 * @delay_ms: how long KEYFOB_EMULATOR_VALID_DELAYED holds each answer, more than 0
 *
 * For the benchmark, whose target is stated for a vendor answering in 100 ms.
 */
void
keyfob_emulator_set_delay (KeyfobEmulator *self,
                           guint           delay_ms)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (delay_ms > 0);

  self->delay_ms = delay_ms;
}

guint
keyfob_emulator_get_n_requests (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_requests;
}

guint
keyfob_emulator_get_max_in_flight (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_in_flight;
}

guint
keyfob_emulator_get_n_other_requests (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_other_requests;
}

gboolean
keyfob_emulator_other_saw_token (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->other_saw_token;
}

const char *
keyfob_emulator_get_last_path (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_path;
}

/* How many requests carried @token, in whichever header its vendor uses. */
guint
keyfob_emulator_get_n_requests_for (KeyfobEmulator *self,
                                    const char     *token)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (token != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->requests_for, token));
}

/* Body bytes of KEYFOB_EMULATOR_ENDLESS answers handed to the socket, all streams together. */
guint64
keyfob_emulator_get_endless_written (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->endless_written;
}

/* How many KEYFOB_EMULATOR_ENDLESS answers ended because the client closed the connection. */
guint
keyfob_emulator_get_n_endless_closed (KeyfobEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_endless_closed;
}
