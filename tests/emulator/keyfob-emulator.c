/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "keyfob-emulator-private.h"

#define HUGE_BODY_SIZE (5 * 1024 * 1024)
#define REDIRECTED_PREFIX "/redirected"
#define ENDLESS_START "{\"data\":\""
/* Test-only certificate and key for keyfob_emulator_new_tls(), under G_TEST_SRCDIR. */
#define SELF_SIGNED_PEM "self-signed.pem"

/* Answers like the four vendors, told apart by the request path as Keyfob sends it. */

typedef enum
{
  REPLY_SUCCESS,
  REPLY_INVALID,
  REPLY_FORBIDDEN,
  REPLY_RATE_LIMITED,
  REPLY_SERVER_ERROR,
  REPLY_BAD_REQUEST,
  N_REPLIES
} Reply;

typedef struct
{
  guint       status;
  const char *body;
} Canned;

static const char * const content_types[N_VENDORS] = {
  [VENDOR_PYLON] = "application/json",
  [VENDOR_PUSHLY] = "application/json",
  [VENDOR_CUTOVER] = "application/vnd.api+json",
  [VENDOR_PULSETIC] = "application/json",
};

static const Canned replies[N_VENDORS][N_REPLIES] = {
  [VENDOR_PYLON] = {
    [REPLY_SUCCESS] = { 200, "{\"data\":{\"id\":\"org_1\",\"name\":\"Acme Inc\"},"
                             "\"request_id\":\"r1\"}" },
    [REPLY_INVALID] = { 401, "{\"errors\":[\"invalid_api_token: The API token is invalid\"],"
                             "\"request_id\":\"r1\"}" },
    [REPLY_FORBIDDEN] = { 403, "{\"errors\":[\"forbidden: The token's role does not allow this "
                               "request\"],\"request_id\":\"r1\"}" },
    [REPLY_RATE_LIMITED] = { 429, "{\"errors\":[\"rate_limited: Too many requests\"],"
                                  "\"request_id\":\"r1\"}" },
    [REPLY_SERVER_ERROR] = { 500, "{\"errors\":[\"internal_error: Something went wrong\"],"
                                  "\"request_id\":\"r1\"}" },
    [REPLY_BAD_REQUEST] = { 400, "{\"errors\":[\"bad_request: Malformed request\"],"
                                 "\"request_id\":\"r1\"}" },
  },
  [VENDOR_PUSHLY] = {
    [REPLY_SUCCESS] = { 200, "{\"status\":\"success\","
                             "\"data\":{\"id\":123,\"name\":\"Acme Inc\"}}" },
    [REPLY_INVALID] = { 403, "{\"status\":\"error\",\"message\":\"Invalid API key\"}" },
    [REPLY_FORBIDDEN] = { 403, "{\"status\":\"error\",\"message\":\"API key is expired\"}" },
    [REPLY_RATE_LIMITED] = { 429, "{\"status\":\"error\",\"message\":\"Too many requests\"}" },
    [REPLY_SERVER_ERROR] = { 500, "{\"status\":\"error\",\"message\":\"Internal error\"}" },
    [REPLY_BAD_REQUEST] = { 400, "{\"status\":\"error\",\"message\":\"Bad request\"}" },
  },
  [VENDOR_CUTOVER] = {
    [REPLY_SUCCESS] = { 200, "{\"data\":[{\"id\":\"1\",\"type\":\"workspace\",\"attributes\":"
                             "{\"name\":\"Ops\",\"account_name\":\"Acme Inc\"}}],"
                             "\"meta\":{\"account_name\":\"Acme Inc\"}}" },
    [REPLY_INVALID] = { 401, "{\"errors\":[{\"title\":\"Unauthorized\",\"detail\":\"Check the "
                             "bearer authentication token is correct\","
                             "\"code\":\"unauthorized\"}]}" },
    [REPLY_FORBIDDEN] = { 403, "{\"errors\":[{\"title\":\"Forbidden\",\"detail\":\"The user lacks "
                               "the Workspace manager role needed for this action\","
                               "\"code\":\"forbidden\"}]}" },
    [REPLY_RATE_LIMITED] = { 429, "{\"errors\":[{\"title\":\"Too Many Requests\",\"detail\":"
                                  "\"Rate limit exceeded\",\"code\":\"too_many_requests\"}]}" },
    [REPLY_SERVER_ERROR] = { 500, "{\"errors\":[{\"title\":\"Internal Server Error\",\"detail\":"
                                  "\"Something went wrong\",\"code\":\"internal_error\"}]}" },
    [REPLY_BAD_REQUEST] = { 400, "{\"errors\":[{\"title\":\"Bad Request\",\"detail\":\"The "
                                 "Core-Url header or the query is missing or invalid\","
                                 "\"code\":\"bad_request\"}]}" },
  },
  [VENDOR_PULSETIC] = {
    [REPLY_SUCCESS] = { 200, "[{\"id\":1,\"name\":\"site\"}]" },
    [REPLY_INVALID] = { 401, "{\"message\":\"Unauthenticated.\"}" },
    [REPLY_FORBIDDEN] = { 403, "{\"message\":\"This action is unauthorized.\"}" },
    [REPLY_RATE_LIMITED] = { 429, "{\"message\":\"Too Many Attempts.\"}" },
    [REPLY_SERVER_ERROR] = { 500, "{\"message\":\"Server Error\"}" },
    [REPLY_BAD_REQUEST] = { 400, "{\"message\":\"Bad request.\"}" },
  },
};

struct _KeyfobEmulator
{
  SoupServer *server;
  SoupServer *other;
  char       *url;
  char       *other_url;
  char       *last_path;
  GHashTable *tokens;       /* token → KeyfobEmulatorBehaviour */
  GHashTable *messages;     /* SoupServerMessages we watch, unowned */
  GHashTable *in_flight;    /* the subset whose request is open, unowned */
  GPtrArray  *held;         /* of Held: paused messages */
  GPtrArray  *streams;      /* of Stream: endless bodies being written */
  GHashTable *requests_for; /* token → how many requests carried it */
  guint       delay_ms;     /* of KEYFOB_EMULATOR_VALID_DELAYED */
  guint       n_requests;
  guint       max_in_flight;
  guint       n_other_requests;
  gboolean    other_saw_token;
  guint64     endless_written;
  guint       n_endless_closed;
};

typedef struct
{
  KeyfobEmulator    *self;
  SoupServerMessage *msg;
  Vendor             vendor;
  guint              timeout_id;
  gulong             disconnected_id;
} Held;

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

static void
held_free (gpointer data)
{
  Held *held = data;

  g_clear_handle_id (&held->timeout_id, g_source_remove);
  g_clear_signal_handler (&held->disconnected_id, held->msg);
  g_clear_object (&held->msg);
  g_free (held);
}

static void
stream_free (gpointer data)
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

static Vendor
vendor_from_path (const char *path)
{
  if (g_str_equal (path, "/me"))
    return VENDOR_PYLON;
  if (g_str_has_prefix (path, "/domains/") && path[strlen ("/domains/")] != '\0')
    return VENDOR_PUSHLY;
  if (g_str_equal (path, "/core/workspaces"))
    return VENDOR_CUTOVER;
  if (g_str_equal (path, "/api/public/monitors"))
    return VENDOR_PULSETIC;
  return VENDOR_NONE;
}

static const char *
bearer (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || !g_str_has_prefix (value, "Bearer "))
    return NULL;
  return value + strlen ("Bearer ");
}

static const char *
token_from_request (Vendor              vendor,
                    SoupMessageHeaders *headers)
{
  const char *key;

  switch (vendor)
    {
    case VENDOR_PUSHLY:
      key = soup_message_headers_get_one (headers, "X-API-KEY");
      return key != NULL ? key : bearer (headers);

    case VENDOR_PULSETIC:
      /* The raw token: "Bearer x" is simply an unknown token. */
      return soup_message_headers_get_one (headers, "Authorization");

    case VENDOR_PYLON:
    case VENDOR_CUTOVER:
      return bearer (headers);

    case VENDOR_NONE:
    case N_VENDORS:
    default:
      return NULL;
    }
}

static gboolean
request_is_well_formed (Vendor              vendor,
                        SoupMessageHeaders *headers,
                        GHashTable         *query)
{
  const char *core_url;

  switch (vendor)
    {
    case VENDOR_CUTOVER:
      core_url = soup_message_headers_get_one (headers, "Core-Url");
      return core_url != NULL &&
             g_regex_match_simple ("^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?\\.cutover\\.com$",
                                   core_url, 0, 0) &&
             query != NULL &&
             g_strcmp0 (g_hash_table_lookup (query, "page[limit]"), "1") == 0;

    case VENDOR_PULSETIC:
      return query != NULL && g_strcmp0 (g_hash_table_lookup (query, "per_page"), "1") == 0;

    case VENDOR_PYLON:
    case VENDOR_PUSHLY:
      return TRUE;

    case VENDOR_NONE:
    case N_VENDORS:
    default:
      return FALSE;
    }
}

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
reply (SoupServerMessage *msg,
       Vendor             vendor,
       Reply              which)
{
  const Canned *canned = &replies[vendor][which];

  set_body (msg, canned->status, content_types[vendor], canned->body);
}

static char *
path_and_query (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  if (query == NULL)
    return g_strdup (g_uri_get_path (uri));
  return g_strconcat (g_uri_get_path (uri), "?", query, NULL);
}

static void
redirect (SoupServerMessage *msg,
          const char        *base)
{
  g_autofree char *target = path_and_query (msg);
  g_autofree char *location = g_strconcat (base, target, NULL);

  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static gboolean
delayed_reply_cb (gpointer data)
{
  Held *held = data;

  held->timeout_id = 0;
  reply (held->msg, held->vendor, REPLY_SUCCESS);
  soup_server_message_unpause (held->msg);
  g_ptr_array_remove_fast (held->self->held, held);

  return G_SOURCE_REMOVE;
}

static void
held_disconnected_cb (SoupServerMessage *msg,
                      Held              *held)
{
  /* Its I/O is gone: unpausing it now would be a critical. */
  g_ptr_array_remove_fast (held->self->held, held);
}

static void
hold (KeyfobEmulator    *self,
      SoupServerMessage *msg,
      Vendor             vendor,
      guint              delay_ms)
{
  Held *held = g_new0 (Held, 1);

  held->self = self;
  held->msg = g_object_ref (msg);
  held->vendor = vendor;
  held->disconnected_id = g_signal_connect (msg, "disconnected",
                                            G_CALLBACK (held_disconnected_cb), held);
  if (delay_ms > 0)
    held->timeout_id = g_timeout_add (delay_ms, delayed_reply_cb, held);
  g_ptr_array_add (self->held, held);

  soup_server_message_pause (msg);
}

static void
stall_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* The body is never completed: once this chunk is written, libsoup pauses the message. */
  soup_message_body_append (soup_server_message_get_response_body (msg),
                            SOUP_MEMORY_STATIC, "{\"data\":", strlen ("{\"data\":"));
}

static void
huge_body (SoupServerMessage *msg)
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

static void
endless_body (KeyfobEmulator    *self,
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

static void
hostile_reply (SoupServerMessage       *msg,
               Vendor                   vendor,
               KeyfobEmulatorBehaviour  behaviour,
               const char              *token)
{
  const char *retry_after = NULL;
  guint status = 0;
  char *body = _keyfob_emulator_hostile_reply (vendor, behaviour, token, &status, &retry_after);

  if (retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", retry_after);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_types[vendor], SOUP_MEMORY_TAKE, body,
                                    strlen (body));
}

static void
respond (KeyfobEmulator          *self,
         SoupServerMessage       *msg,
         Vendor                   vendor,
         KeyfobEmulatorBehaviour  behaviour,
         const char              *token)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (_keyfob_emulator_is_hostile (behaviour))
    {
      hostile_reply (msg, vendor, behaviour, token);
      return;
    }

  switch (behaviour)
    {
    case KEYFOB_EMULATOR_VALID:
      reply (msg, vendor, REPLY_SUCCESS);
      break;

    case KEYFOB_EMULATOR_FORBIDDEN:
      reply (msg, vendor, REPLY_FORBIDDEN);
      break;

    case KEYFOB_EMULATOR_RATE_LIMITED:
      soup_message_headers_replace (headers, "Retry-After", "7");
      reply (msg, vendor, REPLY_RATE_LIMITED);
      break;

    case KEYFOB_EMULATOR_RATE_LIMITED_NO_RETRY_AFTER:
      reply (msg, vendor, REPLY_RATE_LIMITED);
      break;

    case KEYFOB_EMULATOR_SERVER_ERROR:
      reply (msg, vendor, REPLY_SERVER_ERROR);
      break;

    case KEYFOB_EMULATOR_BAD_GATEWAY:
      set_body (msg, SOUP_STATUS_BAD_GATEWAY, "text/html",
                "<html><body><h1>502 Bad Gateway</h1></body></html>");
      break;

    case KEYFOB_EMULATOR_SERVICE_UNAVAILABLE:
      /* A Retry-After on a 503 is about the service, not about this token's rate. */
      soup_message_headers_replace (headers, "Retry-After", "120");
      set_body (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/html",
                "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
      break;

    case KEYFOB_EMULATOR_ENDLESS:
      endless_body (self, msg);
      break;

    case KEYFOB_EMULATOR_SLOW:
      hold (self, msg, vendor, 0);
      break;

    case KEYFOB_EMULATOR_VALID_DELAYED:
      hold (self, msg, vendor, self->delay_ms);
      break;

    case KEYFOB_EMULATOR_STALL_BODY:
      stall_body (msg);
      break;

    case KEYFOB_EMULATOR_HUGE:
      huge_body (msg);
      break;

    case KEYFOB_EMULATOR_REDIRECT_OTHER_HOST:
      redirect (msg, self->other_url);
      break;

    case KEYFOB_EMULATOR_REDIRECT_SAME_HOST:
      redirect (msg, REDIRECTED_PREFIX);
      break;

    case KEYFOB_EMULATOR_MALFORMED:
      set_body (msg, SOUP_STATUS_OK, content_types[vendor], "{not json");
      break;

    case KEYFOB_EMULATOR_WRONG_SHAPE:
      if (vendor == VENDOR_PUSHLY)
        set_body (msg, SOUP_STATUS_OK, content_types[vendor],
                  "{\"status\":\"error\",\"message\":\"Something went wrong\"}");
      else
        set_body (msg, SOUP_STATUS_OK, content_types[vendor], "\"ok\"");
      break;

    case KEYFOB_EMULATOR_EMPTY:
      set_body (msg, SOUP_STATUS_OK, content_types[vendor], "");
      break;

    case KEYFOB_EMULATOR_WRONG_REGION:
      if (vendor == VENDOR_PYLON)
        set_body (msg, SOUP_STATUS_UNAUTHORIZED, content_types[vendor],
                  "{\"errors\":[\"wrong_region_token: this token belongs to "
                  "https://api.eu.usepylon.com\"],\"request_id\":\"r1\"}");
      else
        reply (msg, vendor, REPLY_INVALID);
      break;

    case KEYFOB_EMULATOR_UNKNOWN_DOMAIN:
      if (vendor == VENDOR_PUSHLY)
        set_body (msg, SOUP_STATUS_NOT_FOUND, content_types[vendor],
                  "{\"status\":\"error\",\"message\":\"Domain not found\"}");
      else
        reply (msg, vendor, REPLY_INVALID);
      break;

    case KEYFOB_EMULATOR_INVALID:
    default:
      reply (msg, vendor, REPLY_INVALID);
      break;
    }
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  KeyfobEmulator *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  KeyfobEmulatorBehaviour behaviour;
  gboolean redirected;
  const char *token;
  Vendor vendor;

  self->n_requests++;
  g_free (self->last_path);
  self->last_path = g_strdup (path);

  redirected = g_str_has_prefix (path, REDIRECTED_PREFIX "/");
  if (redirected)
    path += strlen (REDIRECTED_PREFIX);

  vendor = vendor_from_path (path);
  if (vendor == VENDOR_NONE)
    {
      set_body (msg, SOUP_STATUS_NOT_FOUND, "application/json", "{\"message\":\"Not Found\"}");
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      set_body (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, content_types[vendor],
                replies[vendor][REPLY_BAD_REQUEST].body);
      return;
    }

  if (!request_is_well_formed (vendor, headers, query))
    {
      reply (msg, vendor, REPLY_BAD_REQUEST);
      return;
    }

  token = token_from_request (vendor, headers);
  if (token != NULL)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->requests_for, token));

      g_hash_table_replace (self->requests_for, g_strdup (token), GUINT_TO_POINTER (n + 1));
    }
  behaviour = token != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (self->tokens, token))
                            : KEYFOB_EMULATOR_INVALID;

  /* The redirect's target answers any known token. */
  if (redirected && behaviour != KEYFOB_EMULATOR_INVALID)
    behaviour = KEYFOB_EMULATOR_VALID;

  respond (self, msg, vendor, behaviour, token);
}

static void
scan_header_cb (const char *name,
                const char *value,
                gpointer    user_data)
{
  KeyfobEmulator *self = user_data;
  GHashTableIter iter;
  gpointer token;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, &token, NULL))
    if (strstr (value, token) != NULL)
      self->other_saw_token = TRUE;
}

static void
other_server_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  KeyfobEmulator *self = user_data;
  Vendor vendor = vendor_from_path (path);

  self->n_other_requests++;
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                scan_header_cb, self);

  /* A client that wrongly follows the redirect gets a success, so its test fails loudly. */
  if (vendor == VENDOR_NONE)
    set_body (msg, SOUP_STATUS_NOT_FOUND, "application/json", "{\"message\":\"Not Found\"}");
  else
    reply (msg, vendor, REPLY_SUCCESS);
}

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
  self->held = g_ptr_array_new_with_free_func (held_free);
  self->streams = g_ptr_array_new_with_free_func (stream_free);

  self->server = listen_loopback (server_cb, self, certificate, &self->url);
  self->other = listen_loopback (other_server_cb, self, NULL, &self->other_url);
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
