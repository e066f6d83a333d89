/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-bench-fill"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET_API_SUBJECT_TO_CHANGE  /* secret_service_encode_dbus_secret(), for --rekey */
#include <libsecret/secret.h>

/* Fills the default collection of the session's keyring with N synthetic Keyfob tokens, as
 * `keyfob-tool add` writes them (label = name; xdg:schema, keyfob-format 2, application, name,
 * provider, token-id, preview, created, check-host, the provider's fields: see
 * _keyfob_token_to_attributes() in src/core/keyfob-token-attributes.c), a few stores in flight.
 *
 *   keyfob-bench-fill N                 store tokens 0 .. N-1 through the Secret Service
 *   keyfob-bench-fill --keyfile N FILE  write them as gnome-keyring's plain-text keyring
 *                                       format instead (no keyring needed), see below
 *   keyfob-bench-fill --rekey OLD NEW   change the login keyring's password (it was unlocked
 *                                       with OLD): a plain-text keyring then becomes an
 *                                       encrypted file, written once
 *   keyfob-bench-fill --emulator N BEH  print "set TOKEN BEH" for tokens 0 .. N-1, the lines
 *                                       keyfob-emulator-server reads on stdin
 *   keyfob-bench-fill --attributes I    print token I's attributes, "KEY<TAB>VALUE" a line,
 *                                       for the bench's secret-tool peers (never the secret)
 *   keyfob-bench-fill --secrets N       print the secrets of tokens 0 .. N-1, one a line, for
 *                                       the scan's peer (grep -F -f), which needs them in a file
 *
 * Why --keyfile: gnome-keyring encrypts and rewrites the whole collection file after every
 * store, so N stores cost O(N^2): 300 take 6 s, 1,000 take 75 s, 10,000 would take about
 * two hours. A plain-text keyring written in one go, loaded and re-keyed with the bench
 * password, gives the same encrypted login.keyring in seconds; once the daemon has loaded it,
 * its items are the same objects as if they had been stored one by one.
 *
 * Tokens are synthetic and derived from their index, so the bench can tell the emulator
 * about them without reading the keyring. They go from here to a pipe, never to argv.
 *
 * Bump FILL_VERSION whenever what is stored changes: bench/run keys its cache on it. */
#define FILL_VERSION "4"
#define IN_FLIGHT    8

#define MASK_DOTS 8
#define MASK_HEAD 6
#define MASK_TAIL 4
#define MASK_DOT  "\xe2\x80\xa2"

static const char * const providers[] = { "pylon", "pushly", "cutover", "pulsetic" };
/* Where each one's checks go, as keyfob-tool add records it for the fields below. */
static const char * const check_hosts[] = {
  "api.usepylon.com", "api.pushly.com", "api.cutover.net", "api.pulsetic.com",
};
static const char * const teams[] = {
  "billing", "deploy", "support", "release", "analytics", "alerts", "marketing", "sso",
};
static const char * const envs[] = { "prod", "staging", "dev", "ci" };

typedef struct
{
  SecretService    *service;
  SecretCollection *collection;
  GMainLoop        *loop;
  guint          n;
  guint          next;
  guint          in_flight;
  guint          done;
  gint64         started;
  gboolean       failed;
} Filler;

static char *
make_secret (guint index)
{
  switch (index % G_N_ELEMENTS (providers))
    {
    case 0:
      return g_strdup_printf ("pylon_api_%032x", g_int_hash (&index) ^ (index * 2654435761u));
    case 1:
      return g_strdup_printf ("pk_bench_%024u", index);
    case 2:
      return g_strdup_printf ("%048u", index);  /* Cutover: 48 hex digits */
    case 3:
    default:
      return g_strdup_printf ("pt_bench_%024u", index);
    }
}

static char *
mask (const char *token)
{
  gsize len = strlen (token);
  gsize head = MIN (MASK_HEAD, len / 4);
  gsize tail = MIN (MASK_TAIL, len / 4);
  GString *masked = g_string_new_len (token, head);

  for (guint i = 0; i < MASK_DOTS; i++)
    g_string_append (masked, MASK_DOT);
  g_string_append_len (masked, token + len - tail, tail);

  return g_string_free (masked, FALSE);
}

static char *
make_name (guint index)
{
  return g_strdup_printf ("%s %s %05u", teams[index / 4 % G_N_ELEMENTS (teams)],
                          envs[index / 32 % G_N_ELEMENTS (envs)], index);
}

static GHashTable *
make_attributes (guint       index,
                 const char *secret)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *provider = providers[index % G_N_ELEMENTS (providers)];
  guint day = index % 28 + 1;
  guint month = index / 28 % 12 + 1;

  g_hash_table_insert (attributes, (gpointer) "xdg:schema", g_strdup ("io.github.keyfob.Token2"));
  g_hash_table_insert (attributes, (gpointer) "keyfob-format", g_strdup ("2"));
  g_hash_table_insert (attributes, (gpointer) "application", g_strdup ("Keyfob"));
  g_hash_table_insert (attributes, (gpointer) "name", make_name (index));
  g_hash_table_insert (attributes, (gpointer) "provider", g_strdup (provider));
  g_hash_table_insert (attributes, (gpointer) "check-host",
                       g_strdup (check_hosts[index % G_N_ELEMENTS (providers)]));
  g_hash_table_insert (attributes, (gpointer) "token-id",
                       g_strdup_printf ("00000000-0000-4000-8000-%012u", index));
  g_hash_table_insert (attributes, (gpointer) "preview", mask (secret));
  g_hash_table_insert (attributes, (gpointer) "created",
                       g_strdup_printf ("2025-%02u-%02uT10:%02u:00Z", month, day, index % 60));
  if (index % 3 == 0)
    g_hash_table_insert (attributes, (gpointer) "expires",
                         g_strdup_printf ("2027-%02u-%02uT00:00:00Z", month, day));
  if (index % 5 == 0)
    {
      g_hash_table_insert (attributes, (gpointer) "last-checked",
                           g_strdup_printf ("2026-01-%02uT08:00:00Z", day));
      g_hash_table_insert (attributes, (gpointer) "last-result", g_strdup ("valid"));
      g_hash_table_insert (attributes, (gpointer) "account", g_strdup ("Acme Inc"));
    }

  switch (index % G_N_ELEMENTS (providers))
    {
    case 0:
      g_hash_table_insert (attributes, (gpointer) "region", g_strdup ("us"));
      break;
    case 1:
      g_hash_table_insert (attributes, (gpointer) "domain_id",
                           g_strdup_printf ("%u", 10000 + index));
      g_hash_table_insert (attributes, (gpointer) "api", g_strdup ("current"));
      break;
    case 2:
      g_hash_table_insert (attributes, (gpointer) "instance", g_strdup ("acme"));
      g_hash_table_insert (attributes, (gpointer) "api_host", g_strdup ("api.cutover.net"));
      break;
    default:
      break;
    }

  return attributes;
}

static void store_next (Filler *filler);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Filler *filler = user_data;
  g_autoptr(GError) error = NULL;

  filler->in_flight--;
  g_autoptr(SecretItem) item = secret_item_create_finish (result, &error);

  if (item == NULL)
    {
      g_printerr ("keyfob-bench-fill: store failed: %s\n", error->message);
      filler->failed = TRUE;
    }
  filler->done++;

  if (filler->done % 1000 == 0)
    g_printerr ("keyfob-bench-fill: %u/%u stored (%.1f s)\n", filler->done, filler->n,
                (g_get_monotonic_time () - filler->started) / 1e6);

  store_next (filler);
}

static void
store_next (Filler *filler)
{
  while (!filler->failed && filler->in_flight < IN_FLIGHT && filler->next < filler->n)
    {
      guint index = filler->next++;
      g_autofree char *secret = make_secret (index);
      g_autofree char *name = make_name (index);
      g_autoptr(GHashTable) attributes = make_attributes (index, secret);
      g_autoptr(SecretValue) value = secret_value_new (secret, -1, "text/plain");

      filler->in_flight++;
      /* Not secret_service_store(): it asks the keyring to replace an item with the same
       * attributes, and that search over the whole collection made each store O(N). */
      secret_item_create (filler->collection, NULL, attributes, name, value,
                          SECRET_ITEM_CREATE_NONE, NULL, stored_cb, filler);
    }

  if (filler->in_flight == 0)
    g_main_loop_quit (filler->loop);
}

static void
add_keyfile_item (GKeyFile *file,
                  guint     index)
{
  g_autofree char *secret = make_secret (index);
  g_autofree char *name = make_name (index);
  g_autoptr(GHashTable) attributes = make_attributes (index, secret);
  g_autofree char *group = g_strdup_printf ("%u", index + 1);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (attributes),
                                       (GCompareFunc) strcmp);
  guint i = 0;

  g_key_file_set_integer (file, group, "item-type", 0);
  g_key_file_set_string (file, group, "display-name", name);
  g_key_file_set_value (file, group, "secret", secret);
  g_key_file_set_value (file, group, "mtime", "1767225600");
  g_key_file_set_value (file, group, "ctime", "1767225600");

  for (const GList *l = keys; l != NULL; l = l->next, i++)
    {
      g_autofree char *attribute = g_strdup_printf ("%s:attribute%u", group, i);

      g_key_file_set_string (file, attribute, "name", l->data);
      g_key_file_set_string (file, attribute, "type", "string");
      g_key_file_set_string (file, attribute, "value", g_hash_table_lookup (attributes, l->data));
    }
}

static int
write_keyfile (guint       n,
               const char *path)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_set_string (file, "keyring", "display-name", "Login");
  g_key_file_set_value (file, "keyring", "ctime", "1767225600");
  g_key_file_set_value (file, "keyring", "mtime", "1767225600");
  g_key_file_set_boolean (file, "keyring", "lock-on-idle", FALSE);
  g_key_file_set_boolean (file, "keyring", "lock-after", FALSE);

  for (guint i = 0; i < n; i++)
    add_keyfile_item (file, i);

  if (!g_key_file_save_to_file (file, path, &error))
    {
      g_printerr ("keyfob-bench-fill: %s\n", error->message);
      return 1;
    }

  return 0;
}

/* gnome-keyring's private interface, the one Seahorse uses to set a keyring's password. */
static int
rekey (const char *old_password,
       const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretValue) old = secret_value_new (old_password, -1, "text/plain");
  g_autoptr(SecretValue) master = secret_value_new (password, -1, "text/plain");
  g_autoptr(GVariant) reply = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  if (service == NULL)
    {
      g_printerr ("keyfob-bench-fill: no Secret Service: %s\n", error->message);
      return 1;
    }

  reply = g_dbus_connection_call_sync (
    g_dbus_proxy_get_connection (G_DBUS_PROXY (service)), "org.freedesktop.secrets",
    "/org/freedesktop/secrets", "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
    "ChangeWithMasterPassword",
    g_variant_new ("(o@(oayays)@(oayays))", "/org/freedesktop/secrets/collection/login",
                   secret_service_encode_dbus_secret (service, old),
                   secret_service_encode_dbus_secret (service, master)),
    NULL, G_DBUS_CALL_FLAGS_NONE, 600 * 1000, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("keyfob-bench-fill: cannot set the keyring's password: %s\n", error->message);
      return 1;
    }

  return 0;
}

static int
print_emulator_commands (guint       n,
                         const char *behaviour)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *secret = make_secret (i);

      printf ("set %s %s\n", secret, behaviour);
    }

  return fflush (stdout) == 0 ? 0 : 1;
}

static int
print_secrets (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *secret = make_secret (i);

      printf ("%s\n", secret);
    }

  return fflush (stdout) == 0 ? 0 : 1;
}

static int
print_attributes (guint index)
{
  g_autofree char *secret = make_secret (index);
  g_autoptr(GHashTable) attributes = make_attributes (index, secret);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (attributes),
                                       (GCompareFunc) strcmp);

  for (const GList *l = keys; l != NULL; l = l->next)
    printf ("%s\t%s\n", (const char *) l->data,
            (const char *) g_hash_table_lookup (attributes, l->data));

  return fflush (stdout) == 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Filler filler = { 0 };

  if (argc == 2 && g_str_equal (argv[1], "--version"))
    {
      printf ("%s\n", FILL_VERSION);
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "--keyfile"))
    return write_keyfile (strtoul (argv[2], NULL, 10), argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--rekey"))
    return rekey (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "--emulator"))
    return print_emulator_commands (strtoul (argv[2], NULL, 10), argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "--attributes"))
    return print_attributes (strtoul (argv[2], NULL, 10));
  if (argc == 3 && g_str_equal (argv[1], "--secrets"))
    return print_secrets (strtoul (argv[2], NULL, 10));
  if (argc != 2)
    {
      g_printerr ("Usage: %s N | --keyfile N FILE | --rekey OLD NEW | --emulator N BEHAVIOUR "
                  "| --attributes I | --secrets N | --version\n", argv[0]);
      return 2;
    }

  filler.n = strtoul (argv[1], NULL, 10);
  filler.service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  if (filler.service == NULL)
    {
      g_printerr ("keyfob-bench-fill: no Secret Service: %s\n", error->message);
      return 1;
    }

  filler.collection = secret_collection_for_alias_sync (filler.service, SECRET_COLLECTION_DEFAULT,
                                                        SECRET_COLLECTION_NONE, NULL, &error);
  if (filler.collection == NULL)
    {
      g_printerr ("keyfob-bench-fill: no default collection: %s\n",
                  error ? error->message : "none");
      return 1;
    }

  filler.loop = g_main_loop_new (NULL, FALSE);
  filler.started = g_get_monotonic_time ();
  store_next (&filler);
  if (filler.in_flight > 0)
    g_main_loop_run (filler.loop);

  g_printerr ("keyfob-bench-fill: %u tokens in %.1f s\n", filler.done,
              (g_get_monotonic_time () - filler.started) / 1e6);

  g_main_loop_unref (filler.loop);
  g_object_unref (filler.collection);
  g_object_unref (filler.service);

  return filler.failed ? 1 : 0;
}
