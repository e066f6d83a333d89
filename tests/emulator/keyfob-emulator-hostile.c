/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-emulator"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "keyfob-emulator-private.h"

/* A hostile vendor: well-formed answers, in each vendor's own shape, that carry what no vendor
 * should send. Where each vendor puts an account name in a success and a message in a
 * rejection; VALUE stands for a JSON value. Pulsetic names no account: its success carries the
 * value as a monitor's name, which Keyfob does not read. */
static const char * const success_shapes[N_VENDORS] = {
  [VENDOR_PYLON] = "{\"data\":{\"id\":\"org_1\",\"name\":VALUE},\"request_id\":\"r1\"}",
  [VENDOR_PUSHLY] = "{\"status\":\"success\",\"data\":{\"id\":123,\"name\":VALUE}}",
  [VENDOR_CUTOVER] = "{\"data\":[],\"meta\":{\"account_name\":VALUE}}",
  [VENDOR_PULSETIC] = "[{\"id\":1,\"name\":VALUE}]",
};

static const struct
{
  guint       status;
  const char *shape;
} rejection_shapes[N_VENDORS] = {
  [VENDOR_PYLON] = { 401, "{\"errors\":[VALUE],\"request_id\":\"r1\"}" },
  [VENDOR_PUSHLY] = { 403, "{\"status\":\"error\",\"message\":VALUE}" },
  [VENDOR_CUTOVER] = { 401, "{\"errors\":[{\"title\":\"Unauthorized\",\"detail\":VALUE,"
                            "\"code\":\"unauthorized\"}]}" },
  [VENDOR_PULSETIC] = { 401, "{\"message\":VALUE}" },
};

#define DEEP_LEVELS         100000
#define HUGE_ACCOUNT_CHARS  (900 * 1024)
/* An HTTP date in the year 9999: "try again in 251605809565 s". */
#define FAR_RETRY_AFTER     "Fri, 31 Dec 9999 23:59:59 GMT"

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

static char *
deep_value (void)
{
  GString *value = g_string_sized_new (2 * DEEP_LEVELS);

  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (value, '[');
  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (value, ']');

  return g_string_free (value, FALSE);
}

static char *
huge_account (void)
{
  char *text = g_malloc (HUGE_ACCOUNT_CHARS + 1);
  char *quoted;

  memset (text, 'A', HUGE_ACCOUNT_CHARS);
  text[HUGE_ACCOUNT_CHARS] = '\0';
  quoted = json_string (text);
  g_free (text);

  return quoted;
}

/* The token, repeated back in forms a plain search for it would miss. */
static char *
echoes (const char *token)
{
  gsize length = strlen (token);
  g_autofree char *upper = g_ascii_strup (token, -1);
  g_autofree char *reversed = g_strreverse (g_strdup (token));
  g_autofree char *base64 = g_base64_encode ((const guchar *) token, length);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *bearer64 = g_base64_encode ((const guchar *) bearer, strlen (bearer));
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (gsize i = 0; i < length; i++)
    {
      g_string_append_printf (spaced, "%s%c", i > 0 ? " " : "", token[i]);
      g_string_append_printf (hex, "%02x", (guchar) token[i]);
    }

  text = g_strdup_printf ("Unknown key %.*s (%s) %s; base64 %s; header %s; hex %s; spaced %s",
                          (int) length - 1, token + 1, upper, reversed, base64, bearer64,
                          hex->str, spaced->str);

  return json_string (text);
}

gboolean
_keyfob_emulator_is_hostile (KeyfobEmulatorBehaviour behaviour)
{
  switch (behaviour)
    {
    case KEYFOB_EMULATOR_DEEP:
    case KEYFOB_EMULATOR_HOSTILE_ACCOUNT:
    case KEYFOB_EMULATOR_HOSTILE_MESSAGE:
    case KEYFOB_EMULATOR_HUGE_ACCOUNT:
    case KEYFOB_EMULATOR_ECHO:
    case KEYFOB_EMULATOR_FAR_RETRY_AFTER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The body of a hostile answer to a request carrying @token; @status and @retry_after say the
 * rest of it. */
char *
_keyfob_emulator_hostile_reply (Vendor                    vendor,
                                KeyfobEmulatorBehaviour   behaviour,
                                const char               *token,
                                guint                    *status,
                                const char              **retry_after)
{
  g_autofree char *value = NULL;
  g_autoptr(GString) body = NULL;
  const char *shape = success_shapes[vendor];

  *status = 200;
  *retry_after = NULL;

  switch (behaviour)
    {
    case KEYFOB_EMULATOR_DEEP:
      value = deep_value ();
      break;

    case KEYFOB_EMULATOR_HOSTILE_ACCOUNT:
      value = json_string (KEYFOB_EMULATOR_HOSTILE_TEXT);
      break;

    case KEYFOB_EMULATOR_HUGE_ACCOUNT:
      value = huge_account ();
      break;

    case KEYFOB_EMULATOR_HOSTILE_MESSAGE:
    case KEYFOB_EMULATOR_ECHO:
      value = behaviour == KEYFOB_EMULATOR_ECHO ? echoes (token)
                                                : json_string (KEYFOB_EMULATOR_HOSTILE_TEXT);
      *status = rejection_shapes[vendor].status;
      shape = rejection_shapes[vendor].shape;
      break;

    case KEYFOB_EMULATOR_FAR_RETRY_AFTER:
      value = json_string ("Too many requests");
      *status = 429;
      *retry_after = FAR_RETRY_AFTER;
      shape = rejection_shapes[vendor].shape;
      break;

    default:
      g_assert_not_reached ();
    }

  body = g_string_new (shape);
  g_string_replace (body, "VALUE", value, 1);

  return g_string_free (g_steal_pointer (&body), FALSE);
}
