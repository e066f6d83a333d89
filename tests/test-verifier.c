/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-verifier"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "keyfob-emulator.h"
#include "keyfob-provider.h"
#include "keyfob-secret.h"
#include "keyfob-text.h"
#include "keyfob-verifier-private.h"

/* A check that has not finished by then is a hang, and a failure. */
#define GUARD_SECONDS 30
#define N_PARALLEL    12
/* A one-second timeout may end up to 250 ms early: g_timeout_add_seconds() rounds. */
#define MIN_TIMEOUT_MS 700

typedef struct
{
  const char    *id;
  const char    *token;
  const char    *field_key;
  const char    *field_value;
  const char    *path;              /* as the emulator receives it */
  const char    *account;
  guint          invalid_status;
  const char    *invalid_message;
  KeyfobVerdict  forbidden_verdict;
  const char    *forbidden_message;
} ProviderInfo;

static const ProviderInfo pylon = {
  "pylon", "pylon_api_0123456789abcdef0123", "region", "us", "/me",
  "Acme Inc", 401, "invalid_api_token: The API token is invalid",
  KEYFOB_VERDICT_FORBIDDEN, "forbidden: The token's role does not allow this request",
};

static const ProviderInfo pushly = {
  "pushly", "pk_0123456789abcdef0123456789", "domain_id", "123", "/domains/123",
  "Acme Inc", 403, "Invalid API key",
  /* Pushly's 403 means an invalid or expired key. */
  KEYFOB_VERDICT_INVALID, "API key is expired",
};

static const ProviderInfo cutover = {
  "cutover", "0123456789abcdef0123456789abcdef0123456789abcdef", "instance", "acme",
  "/core/workspaces", "Acme Inc", 401, "Check the bearer authentication token is correct",
  KEYFOB_VERDICT_FORBIDDEN, "The user lacks the Workspace manager role needed for this action",
};

static const ProviderInfo pulsetic = {
  "pulsetic", "33fea0a1b2c3d4e5f6a7b8c9d0e1f7b4", NULL, NULL, "/api/public/monitors",
  NULL, 401, "Unauthenticated.",
  KEYFOB_VERDICT_FORBIDDEN, "This action is unauthorized.",
};

typedef struct
{
  const ProviderInfo      *info;
  KeyfobEmulatorBehaviour  behaviour;
} Case;

typedef struct
{
  KeyfobEmulator *emu;
  KeyfobVerifier *verifier;
  KeyfobProvider *provider;
  GHashTable     *fields;
  const Case     *test_case;
} Fixture;

typedef struct
{
  GMainLoop         *loop;
  KeyfobVerifier    *verifier;
  KeyfobCheckResult *result;
  GError            *error;
  guint              pending;
  guint              max_active;
  guint              n_valid;
} Waiter;

static KeyfobProvider *
load_provider (const char *id)
{
  const char *dir = g_getenv ("KEYFOB_PROVIDERS_DIR");
  g_autofree char *basename = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  KeyfobProvider *provider;
  gsize length = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, basename, NULL);
  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);

  provider = keyfob_provider_new_from_data (path, data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);

  return provider;
}

static GHashTable *
make_fields (KeyfobProvider *provider,
             const char     *token,
             const char     *key,
             const char     *value,
             const char     *key2,
             const char     *value2)
{
  g_autoptr(GHashTable) input = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  if (key != NULL)
    g_hash_table_insert (input, (char *) key, (char *) value);
  if (key2 != NULL)
    g_hash_table_insert (input, (char *) key2, (char *) value2);

  fields = keyfob_provider_normalise_fields (provider, input, token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fields);

  return fields;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Case *test_case = data;
  const ProviderInfo *info = test_case->info;

  fixture->test_case = test_case;
  fixture->emu = keyfob_emulator_new ();
  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", keyfob_emulator_get_url (fixture->emu), TRUE);
  fixture->verifier = keyfob_verifier_new ();
  fixture->provider = load_provider (info->id);
  fixture->fields = make_fields (fixture->provider, info->token,
                                 info->field_key, info->field_value, NULL, NULL);

  keyfob_emulator_set_token (fixture->emu, info->token, test_case->behaviour);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->fields, g_hash_table_unref);
  g_assert_finalize_object (fixture->verifier);
  g_assert_finalize_object (fixture->provider);
  g_clear_pointer (&fixture->emu, keyfob_emulator_free);
  g_unsetenv ("KEYFOB_ENDPOINT_OVERRIDE");
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("A check did not finish within %d seconds", GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(KeyfobCheckResult) check = NULL;
  g_autoptr(GError) error = NULL;

  check = keyfob_verifier_check_finish (KEYFOB_VERIFIER (object), result, &error);
  g_assert_true ((check == NULL) != (error == NULL));

  if (check != NULL && check->verdict == KEYFOB_VERDICT_VALID)
    waiter->n_valid++;
  waiter->max_active = MAX (waiter->max_active, keyfob_verifier_get_n_active (waiter->verifier));

  g_clear_pointer (&waiter->result, keyfob_check_result_free);
  g_clear_error (&waiter->error);
  waiter->result = g_steal_pointer (&check);
  waiter->error = g_steal_pointer (&error);

  if (--waiter->pending == 0)
    g_main_loop_quit (waiter->loop);
}

static void
start_check (Fixture      *fixture,
             Waiter       *waiter,
             GHashTable   *fields,
             const char   *token,
             GCancellable *cancellable)
{
  g_autoptr(SecretValue) secret = keyfob_secret_value_new_take (g_strdup (token));

  waiter->pending++;
  /* The secret is dropped right away: the verifier must keep its own reference. */
  keyfob_verifier_check_async (fixture->verifier, fixture->provider, fields, secret,
                               cancellable, check_cb, waiter);
}

static void
wait_for_checks (Waiter *waiter)
{
  guint guard_id = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, NULL);

  if (waiter->pending > 0)
    g_main_loop_run (waiter->loop);
  g_source_remove (guard_id);
}

static void
waiter_init (Waiter         *waiter,
             KeyfobVerifier *verifier)
{
  waiter->loop = g_main_loop_new (NULL, FALSE);
  waiter->verifier = verifier;
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_pointer (&waiter->result, keyfob_check_result_free);
  g_clear_error (&waiter->error);
}

/* Runs one check to its end and returns its result; fails the test on a GError. */
static KeyfobCheckResult *
run_check (Fixture    *fixture,
           GHashTable *fields,
           const char *token)
{
  Waiter waiter = { 0 };
  KeyfobCheckResult *result;

  waiter_init (&waiter, fixture->verifier);
  start_check (fixture, &waiter, fields, token, NULL);
  wait_for_checks (&waiter);

  g_assert_no_error (waiter.error);
  g_assert_nonnull (waiter.result);
  g_assert_nonnull (waiter.result->checked_at);
  result = g_steal_pointer (&waiter.result);
  waiter_clear (&waiter);

  return result;
}


/* What Keyfob keeps of a vendor's words: one line, bounded, nothing to drive a terminal. */
static void
assert_one_clean_line (const char *text,
                       guint       max_chars)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, max_chars);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        g_error ("U+%04X in “%s”", c, text);
    }
}

/* Letters and digits, lowercased: how the emulator disguises the token cannot hide it here. */
static char *
bones (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

static void
assert_no_run_of (const char *text,
                  const char *form)
{
  g_autofree char *text_bones = bones (text);
  g_autofree char *form_bones = bones (form);

  for (gsize i = 0; i + 10 <= strlen (form_bones); i++)
    {
      g_autofree char *run = g_strndup (form_bones + i, 10);

      if (strstr (text_bones, run) != NULL)
        g_error ("“%s” still holds “%s” of %s", text, run, form);
    }
}

/* The emulator's echoes: the token less a character, upper-cased, reversed, in base64 (alone
 * and in a header), in hex and spaced out. */
static void
assert_no_echo (const char *text,
                const char *token)
{
  g_autofree char *reversed = g_strreverse (g_strdup (token));
  g_autofree char *base64 = g_base64_encode ((const guchar *) token, strlen (token));
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *header64 = g_base64_encode ((const guchar *) header, strlen (header));
  g_autoptr(GString) hex = g_string_new (NULL);

  for (const char *p = token; *p != '\0'; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);

  assert_no_run_of (text, token);
  assert_no_run_of (text, reversed);
  assert_no_run_of (text, base64);
  assert_no_run_of (text, header64 + 12);  /* from where the token alone decides it */
  assert_no_run_of (text, hex->str);
}

static void
test_behaviour (Fixture       *fixture,
                gconstpointer  data)
{
  const ProviderInfo *info = fixture->test_case->info;
  KeyfobEmulatorBehaviour behaviour = fixture->test_case->behaviour;
  g_autoptr(KeyfobCheckResult) result = NULL;
  g_autofree char *redirected = NULL;
  gint64 started;

  if (behaviour == KEYFOB_EMULATOR_SLOW || behaviour == KEYFOB_EMULATOR_STALL_BODY)
    keyfob_verifier_set_timeout (fixture->verifier, 1);

  started = g_get_monotonic_time ();
  result = run_check (fixture, fixture->fields, info->token);

  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), >=, 1);
  g_assert_cmpuint (keyfob_emulator_get_n_other_requests (fixture->emu), ==, 0);
  g_assert_false (keyfob_emulator_other_saw_token (fixture->emu));
  g_assert_cmpuint (result->latency_ms, <=, (g_get_monotonic_time () - started) / 1000 + 1);

  switch (behaviour)
    {
    case KEYFOB_EMULATOR_VALID:
      /* The emulator accepts only the vendor's own header form (Pulsetic: no "Bearer"). */
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_cmpstr (result->account, ==, info->account);
      g_assert_cmpstr (keyfob_emulator_get_last_path (fixture->emu), ==, info->path);
      g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 1);
      break;

    case KEYFOB_EMULATOR_VALID_DELAYED:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_cmpuint (result->latency_ms, >=, KEYFOB_EMULATOR_DELAY_MS);
      break;

    case KEYFOB_EMULATOR_INVALID:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_INVALID);
      g_assert_cmpuint (result->http_status, ==, info->invalid_status);
      g_assert_cmpstr (result->vendor_message, ==, info->invalid_message);
      g_assert_null (result->account);
      break;

    case KEYFOB_EMULATOR_FORBIDDEN:
      g_assert_cmpint (result->verdict, ==, info->forbidden_verdict);
      g_assert_cmpuint (result->http_status, ==, 403);
      g_assert_cmpstr (result->vendor_message, ==, info->forbidden_message);
      /* The vendor's words stay, before any hint of the provider file's (Cutover has one). */
      g_assert_nonnull (strstr (result->detail, info->forbidden_message));
      if (info == &cutover)
        g_assert_nonnull (strstr (result->detail, "give it Workspace manager"));
      break;

    case KEYFOB_EMULATOR_RATE_LIMITED:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_RATE_LIMITED);
      g_assert_cmpuint (result->http_status, ==, 429);
      g_assert_cmpint (result->retry_after, ==, 7);
      break;

    case KEYFOB_EMULATOR_RATE_LIMITED_NO_RETRY_AFTER:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_RATE_LIMITED);
      g_assert_cmpuint (result->http_status, ==, 429);
      g_assert_cmpint (result->retry_after, ==, -1);
      break;

    case KEYFOB_EMULATOR_SERVER_ERROR:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_SERVER_ERROR);
      g_assert_cmpuint (result->http_status, ==, 500);
      break;

    case KEYFOB_EMULATOR_BAD_GATEWAY:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_SERVER_ERROR);
      g_assert_cmpuint (result->http_status, ==, 502);
      break;

    case KEYFOB_EMULATOR_SLOW:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_TIMEOUT);
      g_assert_cmpuint (result->http_status, ==, 0);
      g_assert_cmpuint (result->latency_ms, >=, MIN_TIMEOUT_MS);
      break;

    case KEYFOB_EMULATOR_STALL_BODY:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_TIMEOUT);
      g_assert_cmpuint (result->latency_ms, >=, MIN_TIMEOUT_MS);
      break;

    case KEYFOB_EMULATOR_HUGE:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_null (result->account);
      break;

    case KEYFOB_EMULATOR_REDIRECT_SAME_HOST:
      redirected = g_strconcat ("/redirected", info->path, NULL);
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_cmpstr (result->account, ==, info->account);
      g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 2);
      g_assert_cmpstr (keyfob_emulator_get_last_path (fixture->emu), ==, redirected);
      break;

    case KEYFOB_EMULATOR_REDIRECT_OTHER_HOST:
      /* The counters checked above matter most here: the token never left the first host. */
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
      g_assert_null (result->account);
      g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 1);
      break;

    case KEYFOB_EMULATOR_MALFORMED:
    case KEYFOB_EMULATOR_WRONG_SHAPE:
    case KEYFOB_EMULATOR_EMPTY:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_null (result->account);
      break;

    case KEYFOB_EMULATOR_WRONG_REGION:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_INVALID);
      g_assert_cmpuint (result->http_status, ==, 401);
      g_assert_nonnull (result->vendor_message);
      g_assert_true (g_str_has_prefix (result->vendor_message, "wrong_region_token"));
      g_assert_nonnull (result->detail);
      g_assert_nonnull (strstr (result->detail, "region"));
      break;

    case KEYFOB_EMULATOR_UNKNOWN_DOMAIN:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
      g_assert_cmpuint (result->http_status, ==, 404);
      g_assert_cmpstr (result->field, ==, "domain_id");
      g_assert_cmpstr (result->vendor_message, ==, "Domain not found");
      break;

    case KEYFOB_EMULATOR_DEEP:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_UNEXPECTED);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_null (result->account);
      g_assert_nonnull (strstr (result->detail, "64 levels deep"));
      break;

    case KEYFOB_EMULATOR_HOSTILE_ACCOUNT:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
      if (info->account == NULL)
        {
          g_assert_null (result->account);
          break;
        }
      assert_one_clean_line (result->account, KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_assert_nonnull (strstr (result->account, "REVOKED: paste a new token"));
      assert_one_clean_line (result->detail, 2 * KEYFOB_VENDOR_TEXT_MAX_CHARS);
      break;

    case KEYFOB_EMULATOR_HOSTILE_MESSAGE:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_INVALID);
      assert_one_clean_line (result->vendor_message, KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_assert_nonnull (strstr (result->vendor_message, "REVOKED: paste a new token"));
      assert_one_clean_line (result->detail, 2 * KEYFOB_VENDOR_TEXT_MAX_CHARS);
      break;

    case KEYFOB_EMULATOR_HUGE_ACCOUNT:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
      if (info->account == NULL)
        {
          g_assert_null (result->account);
          break;
        }
      assert_one_clean_line (result->account, KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_assert_cmpuint (g_utf8_strlen (result->account, -1), ==, KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_assert_true (g_str_has_suffix (result->account, "…"));
      break;

    case KEYFOB_EMULATOR_ECHO:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_INVALID);
      assert_one_clean_line (result->vendor_message, KEYFOB_VENDOR_TEXT_MAX_CHARS);
      g_assert_true (g_str_has_prefix (result->vendor_message, "Unknown key "));
      assert_no_echo (result->vendor_message, info->token);
      assert_no_echo (result->detail, info->token);
      break;

    case KEYFOB_EMULATOR_FAR_RETRY_AFTER:
      g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_RATE_LIMITED);
      g_assert_cmpint (result->retry_after, ==, -1);
      g_assert_nonnull (strstr (result->detail, "try again later"));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
test_pushly_legacy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(KeyfobCheckResult) result = NULL;

  fields = make_fields (fixture->provider, pushly.token, "domain_id", "123", "api", "legacy");
  g_assert_cmpstr (g_hash_table_lookup (fields, "api"), ==, "legacy");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "api"), ==, "current");

  result = run_check (fixture, fields, pushly.token);
  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_VALID);
  g_assert_cmpuint (result->http_status, ==, 200);
  g_assert_cmpstr (result->account, ==, "Acme Inc");
  g_assert_cmpstr (keyfob_emulator_get_last_path (fixture->emu), ==, "/domains/123");
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KeyfobCheckResult) result = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago and has nobody listening now. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  g_setenv ("KEYFOB_ENDPOINT_OVERRIDE", url, TRUE);
  result = run_check (fixture, fixture->fields, fixture->test_case->info->token);

  g_assert_cmpint (result->verdict, ==, KEYFOB_VERDICT_NETWORK);
  g_assert_cmpuint (result->http_status, ==, 0);
  g_assert_null (result->account);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, 0);
}

static gboolean
sample_active_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->max_active = MAX (waiter->max_active, keyfob_verifier_get_n_active (waiter->verifier));
  return G_SOURCE_CONTINUE;
}

static void
test_max_in_flight (Fixture       *fixture,
                    gconstpointer  data)
{
  const ProviderInfo *info = fixture->test_case->info;
  Waiter waiter = { 0 };
  guint sample_id;

  waiter_init (&waiter, fixture->verifier);
  for (guint i = 0; i < N_PARALLEL; i++)
    start_check (fixture, &waiter, fixture->fields, info->token, NULL);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), <=,
                    KEYFOB_VERIFIER_MAX_IN_FLIGHT);

  sample_id = g_timeout_add (10, sample_active_cb, &waiter);
  wait_for_checks (&waiter);
  g_source_remove (sample_id);

  g_assert_cmpuint (waiter.n_valid, ==, N_PARALLEL);
  g_assert_cmpuint (keyfob_emulator_get_n_requests (fixture->emu), ==, N_PARALLEL);
  g_assert_cmpuint (waiter.max_active, <=, KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_emulator_get_max_in_flight (fixture->emu), <=,
                    KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  /* Queued, not run one by one. */
  g_assert_cmpuint (keyfob_emulator_get_max_in_flight (fixture->emu), >=, 2);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), ==, 0);

  waiter_clear (&waiter);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Waiter waiter = { 0 };

  waiter_init (&waiter, fixture->verifier);
  start_check (fixture, &waiter, fixture->fields, fixture->test_case->info->token, cancellable);
  g_timeout_add (100, cancel_cb, cancellable);
  wait_for_checks (&waiter);

  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (waiter.result);
  g_assert_cmpuint (keyfob_verifier_get_n_active (fixture->verifier), ==, 0);

  waiter_clear (&waiter);
}

static void
reserved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  guint *n_reserved = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (_keyfob_verifier_reserve_finish (KEYFOB_VERIFIER (object), result, &error));
  (*n_reserved)++;
}

/* A caller that loads the secret first waits for a slot before loading it: five callers, four
 * slots; the fifth goes when one gives its slot back. */
static void
test_reservations (void)
{
  g_autoptr(KeyfobVerifier) verifier = keyfob_verifier_new ();
  guint n_reserved = 0;

  for (guint i = 0; i <= KEYFOB_VERIFIER_MAX_IN_FLIGHT; i++)
    _keyfob_verifier_reserve_async (verifier, NULL, reserved_cb, &n_reserved);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (n_reserved, ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT);

  _keyfob_verifier_release (verifier);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_reserved, ==, KEYFOB_VERIFIER_MAX_IN_FLIGHT + 1);

  for (guint i = 0; i < KEYFOB_VERIFIER_MAX_IN_FLIGHT; i++)
    _keyfob_verifier_release (verifier);
  g_assert_cmpuint (keyfob_verifier_get_n_active (verifier), ==, 0);
}

static const struct
{
  const char              *name;
  KeyfobEmulatorBehaviour  behaviour;
} behaviours[] = {
  { "valid", KEYFOB_EMULATOR_VALID },
  { "valid-delayed", KEYFOB_EMULATOR_VALID_DELAYED },
  { "invalid", KEYFOB_EMULATOR_INVALID },
  { "forbidden", KEYFOB_EMULATOR_FORBIDDEN },
  { "rate-limited", KEYFOB_EMULATOR_RATE_LIMITED },
  { "rate-limited-no-retry-after", KEYFOB_EMULATOR_RATE_LIMITED_NO_RETRY_AFTER },
  { "server-error", KEYFOB_EMULATOR_SERVER_ERROR },
  { "bad-gateway", KEYFOB_EMULATOR_BAD_GATEWAY },
  { "slow", KEYFOB_EMULATOR_SLOW },
  { "stall-body", KEYFOB_EMULATOR_STALL_BODY },
  { "huge", KEYFOB_EMULATOR_HUGE },
  { "redirect-same-host", KEYFOB_EMULATOR_REDIRECT_SAME_HOST },
  { "redirect-other-host", KEYFOB_EMULATOR_REDIRECT_OTHER_HOST },
  { "malformed", KEYFOB_EMULATOR_MALFORMED },
  { "wrong-shape", KEYFOB_EMULATOR_WRONG_SHAPE },
  { "empty", KEYFOB_EMULATOR_EMPTY },
  { "deep", KEYFOB_EMULATOR_DEEP },
  { "hostile-account", KEYFOB_EMULATOR_HOSTILE_ACCOUNT },
  { "hostile-message", KEYFOB_EMULATOR_HOSTILE_MESSAGE },
  { "huge-account", KEYFOB_EMULATOR_HUGE_ACCOUNT },
  { "echo", KEYFOB_EMULATOR_ECHO },
  { "far-retry-after", KEYFOB_EMULATOR_FAR_RETRY_AFTER },
};

static const ProviderInfo * const providers[] = { &pylon, &pushly, &cutover, &pulsetic };

static void
add_test (GPtrArray               *cases,
          const ProviderInfo      *info,
          const char              *name,
          KeyfobEmulatorBehaviour  behaviour,
          void                   (*func) (Fixture *, gconstpointer))
{
  g_autofree char *path = g_strdup_printf ("/verifier/%s/%s", info->id, name);
  Case *test_case = g_new0 (Case, 1);

  g_ptr_array_add (cases, test_case);
  test_case->info = info;
  test_case->behaviour = behaviour;
  g_test_add (path, Fixture, test_case, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    {
      for (guint b = 0; b < G_N_ELEMENTS (behaviours); b++)
        add_test (cases, providers[p], behaviours[b].name, behaviours[b].behaviour,
                  test_behaviour);

      add_test (cases, providers[p], "connection-refused", KEYFOB_EMULATOR_VALID,
                test_connection_refused);
      add_test (cases, providers[p], "max-in-flight", KEYFOB_EMULATOR_VALID_DELAYED,
                test_max_in_flight);
    }

  add_test (cases, &pylon, "wrong-region", KEYFOB_EMULATOR_WRONG_REGION, test_behaviour);
  add_test (cases, &pushly, "unknown-domain", KEYFOB_EMULATOR_UNKNOWN_DOMAIN, test_behaviour);
  add_test (cases, &pushly, "legacy-bearer", KEYFOB_EMULATOR_VALID, test_pushly_legacy);
  add_test (cases, &pylon, "cancel", KEYFOB_EMULATOR_SLOW, test_cancel);
  g_test_add_func ("/verifier/reservations", test_reservations);

  return g_test_run ();
}
