/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "keyfob-emulator-private.h"

/* Answering a request: each vendor's own answers, and what each behaviour makes of them
 * (rate limits, server errors, redirects, answers held back). */

#define REDIRECTED_PREFIX "/redirected"

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

typedef struct
{
  KeyfobEmulator    *self;
  SoupServerMessage *msg;
  Vendor             vendor;
  guint              timeout_id;
  gulong             disconnected_id;
} Held;

void
_keyfob_emulator_held_free (gpointer data)
{
  Held *held = data;

  g_clear_handle_id (&held->timeout_id, g_source_remove);
  g_clear_signal_handler (&held->disconnected_id, held->msg);
  g_clear_object (&held->msg);
  g_free (held);
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
      _keyfob_emulator_endless_body (self, msg);
      break;

    case KEYFOB_EMULATOR_SLOW:
      hold (self, msg, vendor, 0);
      break;

    case KEYFOB_EMULATOR_VALID_DELAYED:
      hold (self, msg, vendor, self->delay_ms);
      break;

    case KEYFOB_EMULATOR_STALL_BODY:
      _keyfob_emulator_stall_body (msg);
      break;

    case KEYFOB_EMULATOR_HUGE:
      _keyfob_emulator_huge_body (msg);
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

void
_keyfob_emulator_server_cb (SoupServer        *server,
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

  vendor = _keyfob_emulator_vendor_from_path (path);
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

  if (!_keyfob_emulator_request_is_well_formed (vendor, headers, query))
    {
      reply (msg, vendor, REPLY_BAD_REQUEST);
      return;
    }

  token = _keyfob_emulator_token_from_request (vendor, headers);
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

void
_keyfob_emulator_other_server_cb (SoupServer        *server,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  GHashTable        *query,
                                  gpointer           user_data)
{
  KeyfobEmulator *self = user_data;
  Vendor vendor = _keyfob_emulator_vendor_from_path (path);

  self->n_other_requests++;
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                scan_header_cb, self);

  /* A client that wrongly follows the redirect gets a success, so its test fails loudly. */
  if (vendor == VENDOR_NONE)
    set_body (msg, SOUP_STATUS_NOT_FOUND, "application/json", "{\"message\":\"Not Found\"}");
  else
    reply (msg, vendor, REPLY_SUCCESS);
}
