/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "keyfob-emulator-private.h"

/* Bodies a client has to bound: one that stops halfway, one too large, one that never ends. */

#define HUGE_BODY_SIZE (5 * 1024 * 1024)
#define ENDLESS_START "{\"data\":\""

/* A body that never ends: the next chunk goes out a moment after the last one was written,
 * for as long as the client reads. */
typedef struct
{
  KeyfobEmulator    *self;
  SoupServerMessage *msg;
  guint              timeout_id;
  gulong             wrote_chunk_id;
  gulong             wrote_body_data_id;
  gulong             finished_id;
  gulong             disconnected_id;
} Stream;

void
_keyfob_emulator_stream_free (gpointer data)
{
  Stream *stream = data;

  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_signal_handler (&stream->wrote_chunk_id, stream->msg);
  g_clear_signal_handler (&stream->wrote_body_data_id, stream->msg);
  g_clear_signal_handler (&stream->finished_id, stream->msg);
  g_clear_signal_handler (&stream->disconnected_id, stream->msg);
  g_clear_object (&stream->msg);
  g_free (stream);
}

void
_keyfob_emulator_stall_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* The body is never completed: once this chunk is written, libsoup pauses the message. */
  soup_message_body_append (soup_server_message_get_response_body (msg),
                            SOUP_MEMORY_STATIC, "{\"data\":", strlen ("{\"data\":"));
}

void
_keyfob_emulator_huge_body (SoupServerMessage *msg)
{
  char *body = g_malloc (HUGE_BODY_SIZE);

  memset (body, ' ', HUGE_BODY_SIZE);
  memcpy (body, "{\"data\":\"", strlen ("{\"data\":\""));
  memset (body + strlen ("{\"data\":\""), 'a', HUGE_BODY_SIZE - 2 - strlen ("{\"data\":\""));
  memcpy (body + HUGE_BODY_SIZE - 2, "\"}", 2);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    body, HUGE_BODY_SIZE);
}

static const char *
endless_chunk (void)
{
  static char *chunk = NULL;

  if (g_once_init_enter (&chunk))
    {
      char *filled = g_malloc (KEYFOB_EMULATOR_ENDLESS_CHUNK);

      memset (filled, 'a', KEYFOB_EMULATOR_ENDLESS_CHUNK);
      g_once_init_leave (&chunk, filled);
    }

  return chunk;
}

static gboolean
endless_next_chunk_cb (gpointer data)
{
  Stream *stream = data;

  stream->timeout_id = 0;
  soup_message_body_append (soup_server_message_get_response_body (stream->msg),
                            SOUP_MEMORY_STATIC, endless_chunk (), KEYFOB_EMULATOR_ENDLESS_CHUNK);
  soup_server_message_unpause (stream->msg);

  return G_SOURCE_REMOVE;
}

static void
endless_wrote_chunk_cb (SoupServerMessage *msg,
                        Stream            *stream)
{
  /* With no chunk left, libsoup pauses the message right after this signal. */
  if (stream->timeout_id == 0)
    stream->timeout_id = g_timeout_add (KEYFOB_EMULATOR_ENDLESS_INTERVAL_MS,
                                        endless_next_chunk_cb, stream);
}

static void
endless_wrote_body_data_cb (SoupServerMessage *msg,
                            guint              size,
                            Stream            *stream)
{
  stream->self->endless_written += size;
}

static void
endless_closed_cb (SoupServerMessage *msg,
                   Stream            *stream)
{
  /* The client went away (the body never completes otherwise). Frees @stream. */
  stream->self->n_endless_closed++;
  g_ptr_array_remove_fast (stream->self->streams, stream);
}

void
_keyfob_emulator_endless_body (KeyfobEmulator    *self,
                               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Stream *stream = g_new0 (Stream, 1);

  stream->self = self;
  stream->msg = g_object_ref (msg);
  stream->wrote_chunk_id = g_signal_connect (msg, "wrote-chunk",
                                             G_CALLBACK (endless_wrote_chunk_cb), stream);
  stream->wrote_body_data_id = g_signal_connect (msg, "wrote-body-data",
                                                 G_CALLBACK (endless_wrote_body_data_cb),
                                                 stream);
  stream->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (endless_closed_cb),
                                          stream);
  stream->disconnected_id = g_signal_connect (msg, "disconnected",
                                              G_CALLBACK (endless_closed_cb), stream);
  g_ptr_array_add (self->streams, stream);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* Written chunks are dropped, or the emulator's own memory would grow without end. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, ENDLESS_START, strlen (ENDLESS_START));
}
