/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-verifier-responses"

#include "config.h"

#include <string.h>

#include "keyfob-test-verifier.h"
#include "keyfob-text.h"

/* What the verifier makes of each vendor's answers, from valid to hostile, and of nobody
 * answering at all. */

/* A one-second timeout may end up to 250 ms early: g_timeout_add_seconds() rounds. */
#define MIN_TIMEOUT_MS 700

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
    }

  add_test (cases, &pylon, "wrong-region", KEYFOB_EMULATOR_WRONG_REGION, test_behaviour);
  add_test (cases, &pushly, "unknown-domain", KEYFOB_EMULATOR_UNKNOWN_DOMAIN, test_behaviour);
  add_test (cases, &pushly, "legacy-bearer", KEYFOB_EMULATOR_VALID, test_pushly_legacy);

  return g_test_run ();
}
