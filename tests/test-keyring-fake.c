/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-keyring-fake"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "keyfob-catalogue.h"
#include "keyfob-store.h"
#include "keyfob-test-bus.h"
#include "keyfob-token.h"
#include "keyfob-token-draft.h"
#include "keyfob-token-list.h"

/* Secret Services that misbehave as real ones were seen to, stood in for by this process on a
 * connection of its own, answering from its filter:
 * - KWallet 5.103 answers a cancelled prompt with the wrong signal, so libsecret never calls
 *   back: the store's deadline must end the operation all the same;
 * - a service with no default collection, where libsecret would create one (KeePassXC's
 *   new-database wizard, KWallet's create-wallet one): Keyfob must say so instead;
 * - a service that floods its clients with announcements of changed items;
 * - a service whose collection label is hostile or not even a string, and whose process is not
 *   one Keyfob knows;
 * - kwalletd5, whose session key now and then is not libsecret's (KDE bug 514194): it makes a
 *   new item before it reads its secret, keeps it when it then refuses the secret with an
 *   error GDBus has no name for, and gives secrets that read as nothing. */

#define STORE_TIMEOUT   2
#define PROMPT_TIMEOUT  3
/* A sanity bound with a wide margin, not a performance assertion. */
#define SANITY_SECONDS  15

#define COLLECTION "/org/freedesktop/secrets/collection/wallet"
#define PROMPT     "/org/freedesktop/secrets/prompt/p1"
#define HALF_MADE  COLLECTION "/half_made"
#define MADE       COLLECTION "/made"
#define FOREIGN    COLLECTION "/foreign"
#define SECRET     "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3"
#define ROTATED    "44fea0c1d2e3f4a5b6c7d8e9f0a1b2c4"

static GDBusConnection *fake;
static gboolean has_default = TRUE;   /* the alias "default" names COLLECTION */
static gboolean is_locked = TRUE;     /* what COLLECTION's Locked property says */
static char *collection_label;        /* what its Label says; NULL: a boolean, as if Locked */
static gint n_prompts_shown;
static gint n_dismissed;
static gint n_collections_created;
static gint n_searches;
static gint n_attribute_reads;
static gint n_refusals_left;          /* CreateItem makes HALF_MADE, then fails */
static gboolean creates_locked;       /* CreateItem says the collection is locked */
static gint n_half_made;              /* how many HALF_MADE items there are now */
static gint n_half_made_deleted;
static gint n_sessions;
static gint n_garbled_left;           /* GetSecrets leaves the secret out, as if undecodable */
static gint n_read_refusals_left;     /* GetSecrets fails as kwalletd5 does */
static char replaced[64];             /* what SetSecret on MADE received last */
static gboolean finds_foreign;        /* SearchItems also answers FOREIGN, whatever it asks */
static gint n_foreign_deleted;
static GVariant *created_attributes;  /* of the last CreateItem: HALF_MADE's */
G_LOCK_DEFINE_STATIC (created);

static GDBusMessage *
reply_to (GDBusMessage *call,
          GVariant     *body)
{
  GDBusMessage *reply = g_dbus_message_new_method_reply (call);

  g_dbus_message_set_body (reply, body);
  return reply;
}

static void
remember_attributes (GVariant *args)
{
  g_autoptr(GVariant) properties = g_variant_get_child_value (args, 0);
  GVariant *attributes = g_variant_lookup_value (properties,
                                                 "org.freedesktop.Secret.Item.Attributes",
                                                 G_VARIANT_TYPE ("a{ss}"));

  G_LOCK (created);
  g_clear_pointer (&created_attributes, g_variant_unref);
  created_attributes = attributes;
  G_UNLOCK (created);
}

/* Returns: (transfer full) (nullable): what @path's Attributes property says */
static GVariant *
attributes_of (const char *path)
{
  GVariant *attributes = NULL;

  if (g_str_equal (path, HALF_MADE))
    {
      G_LOCK (created);
      attributes = g_variant_ref (created_attributes);
      G_UNLOCK (created);
    }
  else if (g_str_equal (path, FOREIGN))
    {
      attributes = g_variant_ref_sink (g_variant_new_parsed ("{'xdg:schema': 'org.example.Other', "
                                                             "'token-id': 'not-ours'}"));
    }
  else if (g_str_equal (path, MADE))
    {
      attributes = g_variant_ref_sink (g_variant_new ("a{ss}", NULL));
    }

  return attributes;
}

/* What the fake service says to each call; NULL for "no such method". */
static GDBusMessage *
answer (GDBusMessage *call)
{
  const char *member = g_dbus_message_get_member (call);
  const char *interface = g_dbus_message_get_interface (call);
  GVariant *args = g_dbus_message_get_body (call);
  const char *collections[] = { COLLECTION, NULL };

  if (g_strcmp0 (interface, "org.freedesktop.DBus.Properties") == 0)
    {
      if (g_str_equal (member, "GetAll"))
        {
          GVariantBuilder properties;

          g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
          if (g_str_equal (g_dbus_message_get_path (call), "/org/freedesktop/secrets"))
            g_variant_builder_add (&properties, "{sv}", "Collections",
                                   g_variant_new_objv (collections, 1));
          return reply_to (call, g_variant_new ("(a{sv})", &properties));
        }
      if (g_str_equal (member, "Get"))
        {
          g_autoptr(GVariant) attributes = NULL;
          const char *property = NULL;

          g_variant_get (args, "(&s&s)", NULL, &property);
          if (g_str_equal (property, "Attributes"))
            g_atomic_int_inc (&n_attribute_reads);
          if (g_str_equal (property, "Attributes") &&
              (attributes = attributes_of (g_dbus_message_get_path (call))) != NULL)
            return reply_to (call, g_variant_new ("(@v)", g_variant_new_variant (attributes)));
          if (g_str_equal (property, "Label") && collection_label != NULL)
            return reply_to (call, g_variant_new ("(v)", g_variant_new_string (collection_label)));
        }
      if (g_str_equal (member, "Get"))
        return reply_to (call, g_variant_new ("(v)", g_variant_new_boolean (is_locked)));
      if (g_str_equal (member, "Set") && g_str_equal (g_dbus_message_get_path (call), MADE))
        return reply_to (call, NULL);
      return NULL;
    }

  if (g_str_equal (member, "OpenSession"))
    {
      const char *algorithm = NULL;

      g_variant_get (args, "(&sv)", &algorithm, NULL);
      if (!g_str_equal (algorithm, "plain"))
        return g_dbus_message_new_method_error (call, "org.freedesktop.DBus.Error.NotSupported",
                                                "Only plain");
      g_atomic_int_inc (&n_sessions);
      return reply_to (call, g_variant_new ("(vo)", g_variant_new_string (""),
                                            "/org/freedesktop/secrets/session/s1"));
    }

  if (g_str_equal (member, "ReadAlias"))
    return reply_to (call, g_variant_new ("(o)", has_default ? COLLECTION : "/"));

  if (g_str_equal (member, "SearchItems"))
    g_atomic_int_inc (&n_searches);
  if (g_str_equal (member, "SearchItems"))
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new ();

      if (finds_foreign)
        g_ptr_array_add (found, (gpointer) FOREIGN);
      for (gint i = 0; i < g_atomic_int_get (&n_half_made); i++)
        g_ptr_array_add (found, (gpointer) HALF_MADE);
      return reply_to (call, g_variant_new ("(@ao@ao)",
                                            g_variant_new_objv ((const char * const *) found->pdata,
                                                                found->len),
                                            g_variant_new_objv (NULL, 0)));
    }

  if (g_str_equal (member, "CreateItem"))
    remember_attributes (args);

  if (g_str_equal (member, "CreateItem") && creates_locked)
    return g_dbus_message_new_method_error (call, "org.freedesktop.Secret.Error.IsLocked",
                                            "Collection is locked");

  if (g_str_equal (member, "CreateItem") && g_atomic_int_get (&n_refusals_left) > 0)
    {
      g_atomic_int_add (&n_refusals_left, -1);
      g_atomic_int_inc (&n_half_made);
      g_autofree char *padding = g_strnfill (100000, 'x');

      /* Its words, with a hostile tail. */
      return g_dbus_message_new_method_error (call, "org.freedesktop.DBus.Error.InvalidObjectPath",
                                              "Can't find session "
                                              "/org/freedesktop/secrets/session/s1\n\x1b[2J%s",
                                              padding);
    }

  if (g_str_equal (member, "CreateItem"))
    return reply_to (call, g_variant_new ("(oo)", MADE, "/"));

  if (g_str_equal (member, "SetSecret") && g_atomic_int_get (&n_refusals_left) > 0)
    {
      g_atomic_int_add (&n_refusals_left, -1);
      return g_dbus_message_new_method_error (call, "org.freedesktop.DBus.Error.UnknownObject",
                                              "Can't find session");
    }

  if (g_str_equal (member, "SetSecret"))
    {
      g_autoptr(GVariant) value = NULL;
      gsize length;
      const char *bytes;

      g_variant_get (args, "((o@ay@ays))", NULL, NULL, &value, NULL);
      bytes = g_variant_get_fixed_array (value, &length, 1);
      g_assert_cmpuint (length, <, sizeof replaced);
      memcpy (replaced, bytes, length);
      replaced[length] = '\0';
      return reply_to (call, NULL);
    }

  if (g_str_equal (member, "GetSecrets") && g_atomic_int_get (&n_read_refusals_left) > 0)
    {
      g_atomic_int_add (&n_read_refusals_left, -1);
      return g_dbus_message_new_method_error (call, "org.freedesktop.DBus.Error.InvalidObjectPath",
                                              "Can't find session");
    }

  if (g_str_equal (member, "GetSecrets"))
    {
      const char *session = NULL;
      GVariantBuilder secrets;

      g_variant_get (args, "(^a&o&o)", NULL, &session);
      g_variant_builder_init (&secrets, G_VARIANT_TYPE ("a{o(oayays)}"));
      if (g_atomic_int_get (&n_garbled_left) > 0)
        g_atomic_int_add (&n_garbled_left, -1);
      else
        g_variant_builder_add (&secrets, "{o(o@ay@ays)}", MADE, session,
                               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, SECRET,
                                                          strlen (SECRET), 1),
                               "text/plain");
      return reply_to (call, g_variant_new ("(a{o(oayays)})", &secrets));
    }

  if (g_str_equal (member, "Delete") && g_str_equal (g_dbus_message_get_path (call), HALF_MADE))
    {
      g_atomic_int_add (&n_half_made, -1);
      g_atomic_int_inc (&n_half_made_deleted);
      return reply_to (call, g_variant_new ("(o)", "/"));
    }

  if (g_str_equal (member, "Delete") && g_str_equal (g_dbus_message_get_path (call), FOREIGN))
    {
      g_atomic_int_inc (&n_foreign_deleted);
      return reply_to (call, g_variant_new ("(o)", "/"));
    }

  if (g_str_equal (member, "Unlock"))
    return reply_to (call, g_variant_new ("(@aoo)", g_variant_new_objv (NULL, 0), PROMPT));

  /* The prompt shows, and is never heard of again, not even when dismissed. */
  if (g_str_equal (member, "Prompt"))
    {
      g_atomic_int_inc (&n_prompts_shown);
      return reply_to (call, NULL);
    }
  if (g_str_equal (member, "Dismiss"))
    {
      g_atomic_int_inc (&n_dismissed);
      return reply_to (call, NULL);
    }

  if (g_str_equal (member, "CreateCollection"))
    g_atomic_int_inc (&n_collections_created);

  return NULL;
}

/* Runs in GDBus's worker thread. */
static GDBusMessage *
fake_service_cb (GDBusConnection *connection,
                 GDBusMessage    *message,
                 gboolean         incoming,
                 gpointer         user_data)
{
  g_autoptr(GDBusMessage) reply = NULL;

  if (!incoming || g_dbus_message_get_message_type (message) != G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    return message;

  reply = answer (message);
  if (reply == NULL)
    reply = g_dbus_message_new_method_error (message, "org.freedesktop.DBus.Error.UnknownMethod",
                                             "Not in this fake");
  g_dbus_connection_send_message (connection, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
  g_object_unref (message);

  return NULL;
}

static gboolean
fake_keyring (void)
{
  if (fake != NULL)
    return TRUE;

  fake = keyfob_test_take_keyring_name ();
  if (fake == NULL)
    return FALSE;

  g_dbus_connection_add_filter (fake, fake_service_cb, NULL, NULL);
  return TRUE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
prompting_cb (KeyfobStore *store,
              GParamSpec  *pspec,
              gboolean    *seen)
{
  if (keyfob_store_get_prompting (store))
    *seen = TRUE;
}

/* The prompt opens (the store says so, and waits the longer time a person needs), and then the
 * service never completes it: the operation still ends, in TIMEOUT, though libsecret never
 * calls back. */
static void
test_prompt_never_completes (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean prompted = FALSE;
  gint64 started;
  double elapsed;

  if (!fake_keyring ())
    return;

  store = keyfob_store_new ();
  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  keyfob_store_set_prompt_timeout (store, PROMPT_TIMEOUT);
  g_signal_connect (store, "notify::prompting", G_CALLBACK (prompting_cb), &prompted);

  started = g_get_monotonic_time ();
  keyfob_store_unlock_async (store, NULL, result_cb, &result);
  g_assert_false (keyfob_store_unlock_finish (store, wait_for (&result), &error));
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_test_message ("ended after %.1f s: %s", elapsed, error->message);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "prompt"));
  g_assert_true (prompted);
  g_assert_cmpint (g_atomic_int_get (&n_prompts_shown), ==, 1);
  g_assert_cmpfloat (elapsed, >=, PROMPT_TIMEOUT - 1);
  g_assert_cmpfloat (elapsed, <, SANITY_SECONDS);

  /* libsecret dismissed the prompt, and still waits for an answer that never comes: the store
   * is free regardless. */
  g_signal_handlers_disconnect_by_func (store, prompting_cb, &prompted);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* With no default collection, adding says so and never asks the service to create one. */
static void
test_no_default_collection (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (!fake_keyring ())
    return;

  has_default = FALSE;
  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, "pulsetic"), "Orphan",
                                       fields, NULL, "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3", 32,
                                       &secret, &error);
  g_assert_no_error (error);

  store = keyfob_store_new ();
  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &added);
  g_assert_false (keyfob_store_add_finish (store, wait_for (&added), &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NO_COLLECTION);
  g_assert_nonnull (strstr (error->message, "default"));
  g_clear_error (&error);

  keyfob_store_list_async (store, NULL, result_cb, &listed);
  tokens = keyfob_store_list_finish (store, wait_for (&listed), &error);
  g_assert_null (tokens);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NO_COLLECTION);

  g_assert_cmpint (g_atomic_int_get (&n_collections_created), ==, 0);
  has_default = TRUE;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Tens of thousands of ItemCreated at once: the live list lists the collection a few times
 * rather than read every item it is told of, and holds no unbounded queue of them. */
static void
test_announcement_flood (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(KeyfobTokenList) list = NULL;
  g_autoptr(GAsyncResult) reloaded = NULL;
  gint searches_before;

  if (!fake_keyring ())
    return;

  store = keyfob_store_new ();
  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  list = keyfob_token_list_new (store);
  /* Opens the service, which starts the watch. */
  is_locked = FALSE;
  keyfob_token_list_reload_async (list, NULL, result_cb, &reloaded);
  g_assert_true (keyfob_token_list_reload_finish (list, wait_for (&reloaded), NULL));
  searches_before = g_atomic_int_get (&n_searches);

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%u", COLLECTION, i);

      g_dbus_connection_emit_signal (fake, NULL, COLLECTION, "org.freedesktop.Secret.Collection",
                                     "ItemCreated", g_variant_new ("(o)", path), NULL);
    }
  g_dbus_connection_flush_sync (fake, NULL, NULL);
  spin (3000);

  g_test_message ("%d searches, %d attribute reads",
                  g_atomic_int_get (&n_searches) - searches_before,
                  g_atomic_int_get (&n_attribute_reads));
  g_assert_cmpint (g_atomic_int_get (&n_searches) - searches_before, >=, 1);
  g_assert_cmpint (g_atomic_int_get (&n_searches) - searches_before, <=, 4);
  g_assert_cmpint (g_atomic_int_get (&n_attribute_reads), <, 1024);
  is_locked = TRUE;
}

/* Where the tokens are kept, from a service that says odd things: its collection's label is
 * one bounded line, a label of the wrong type is unknown, and the process (this test, or
 * valgrind running it) is named by its own name, as the kernel cut it. */
static void
test_hostile_location (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KeyfobStoreLocation) location = NULL;
  g_autoptr(KeyfobStoreLocation) mistyped = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *padding = g_strnfill (500, 'w');
  g_autofree char *own_name = NULL;

  if (!fake_keyring ())
    return;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &own_name, NULL, NULL));
  g_strchomp (own_name);

  collection_label = g_strconcat ("<b>Wallet</b>\x1b]0;title\x07\n\xe2\x80\xae", padding, NULL);
  store = keyfob_store_new ();
  keyfob_store_set_timeout (store, STORE_TIMEOUT);
  keyfob_store_locate_async (store, NULL, result_cb, &result);
  location = keyfob_store_locate_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_test_message ("service %s, collection %s", location->service, location->collection);
  g_assert_cmpstr (location->service, ==, own_name);
  g_assert_true (g_str_has_prefix (location->collection, "<b>Wallet</b> ]0;title "));
  g_assert_null (strchr (location->collection, '\x1b'));
  g_assert_null (strchr (location->collection, '\n'));
  g_assert_null (strstr (location->collection, "\xe2\x80\xae"));
  g_assert_cmpuint (g_utf8_strlen (location->collection, -1), <=, 80);

  g_clear_pointer (&collection_label, g_free);
  g_clear_object (&result);
  keyfob_store_locate_async (store, NULL, result_cb, &result);
  mistyped = keyfob_store_locate_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (mistyped->collection);
  g_assert_cmpstr (mistyped->service, ==, own_name);

  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* The service refuses a new item's secret after it made the item, as kwalletd5 does when its
 * session key is not libsecret's: the add deletes what the service made, tries once more in a
 * new session, and when that is refused too, says the keyring refused it (it is there: it
 * answered). A secret that comes back as nothing is read once more in a new session, and a
 * replacing secret refused as sent in an unknown session is sent once more in a new one. */
static void
test_garbled_session (void)
{
  g_autoptr(KeyfobStore) store = NULL;
  g_autoptr(KeyfobCatalogue) catalogue = keyfob_catalogue_new ();
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KeyfobToken) token = NULL;
  g_autoptr(SecretValue) secret = NULL;
  g_autoptr(SecretValue) read = NULL;
  g_autoptr(KeyfobTokenDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  gint sessions_before;
  gboolean edited;

  if (!fake_keyring ())
    return;

  keyfob_catalogue_load_async (catalogue, NULL, result_cb, &loaded);
  g_assert_true (keyfob_catalogue_load_finish (catalogue, wait_for (&loaded), &error));
  token = keyfob_token_new_from_input (keyfob_catalogue_lookup (catalogue, "pulsetic"), "Refused",
                                       fields, NULL, SECRET, strlen (SECRET), &secret, &error);
  g_assert_no_error (error);

  is_locked = FALSE;
  store = keyfob_store_new ();
  keyfob_store_set_timeout (store, STORE_TIMEOUT);

  /* Refused in every session; the search for what it made also finds another program's item,
   * which stays. */
  finds_foreign = TRUE;
  g_atomic_int_set (&n_refusals_left, G_MAXINT);
  sessions_before = g_atomic_int_get (&n_sessions);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &added);
  g_assert_false (keyfob_store_add_finish (store, wait_for (&added), &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Can't find session"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_cmpuint (strlen (error->message), <, 1024);
  g_assert_cmpint (g_atomic_int_get (&n_sessions), ==, sessions_before + 2);
  g_assert_cmpint (g_atomic_int_get (&n_half_made_deleted), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&n_half_made), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&n_foreign_deleted), ==, 0);
  finds_foreign = FALSE;
  g_clear_error (&error);
  g_clear_object (&added);

  /* Refused as locked: not the session's fault, so not tried again. */
  creates_locked = TRUE;
  sessions_before = g_atomic_int_get (&n_sessions);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &added);
  g_assert_false (keyfob_store_add_finish (store, wait_for (&added), &error));
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED);
  g_assert_cmpint (g_atomic_int_get (&n_sessions), ==, sessions_before);
  creates_locked = FALSE;
  g_clear_error (&error);
  g_clear_object (&added);

  /* Refused in one session (the one the last try opened): stored in the next. */
  g_atomic_int_set (&n_refusals_left, 1);
  sessions_before = g_atomic_int_get (&n_sessions);
  keyfob_store_add_async (store, token, secret, NULL, result_cb, &added);
  g_assert_true (keyfob_store_add_finish (store, wait_for (&added), &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_atomic_int_get (&n_sessions), ==, sessions_before + 1);
  g_assert_cmpint (g_atomic_int_get (&n_half_made_deleted), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&n_half_made), ==, 0);
  g_clear_object (&added);

  /* Garbled in one session: read in the next. */
  g_atomic_int_set (&n_garbled_left, 1);
  sessions_before = g_atomic_int_get (&n_sessions);
  keyfob_store_load_secret_async (store, token, NULL, result_cb, &added);
  read = keyfob_store_load_secret_finish (store, wait_for (&added), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret_value_get_text (read), ==, SECRET);
  g_assert_cmpint (g_atomic_int_get (&n_sessions), ==, sessions_before + 1);
  g_assert_cmpint (g_atomic_int_get (&n_garbled_left), ==, 0);
  g_clear_pointer (&read, secret_value_unref);
  g_clear_object (&added);

  /* Refused, then nothing in the new session: the refusal is what is reported, not a lock. */
  g_atomic_int_set (&n_read_refusals_left, 1);
  g_atomic_int_set (&n_garbled_left, 1);
  keyfob_store_load_secret_async (store, token, NULL, result_cb, &added);
  read = keyfob_store_load_secret_finish (store, wait_for (&added), &error);
  g_assert_null (read);
  g_assert_error (error, KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Can't find session"));
  g_clear_error (&error);

  g_atomic_int_set (&n_refusals_left, 1);
  sessions_before = g_atomic_int_get (&n_sessions);
  draft = keyfob_token_draft_new_edit (keyfob_catalogue_lookup (catalogue, "pulsetic"), token);
  g_assert_true (keyfob_token_draft_set_secret (draft, ROTATED, strlen (ROTATED), &error));
  g_clear_object (&added);
  keyfob_store_edit_async (store, token, draft, NULL, result_cb, &added);
  edited = keyfob_store_edit_finish (store, wait_for (&added), &error);
  g_assert_no_error (error);
  g_assert_true (edited);
  g_assert_cmpstr (replaced, ==, ROTATED);
  g_assert_cmpint (g_atomic_int_get (&n_sessions), ==, sessions_before + 1);

  is_locked = TRUE;
  g_clear_object (&added);
  g_assert_finalize_object (g_steal_pointer (&store));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/fake/prompt-never-completes", test_prompt_never_completes);
  g_test_add_func ("/keyring/fake/no-default-collection", test_no_default_collection);
  g_test_add_func ("/keyring/fake/announcement-flood", test_announcement_flood);
  g_test_add_func ("/keyring/fake/hostile-location", test_hostile_location);
  g_test_add_func ("/keyring/fake/garbled-session", test_garbled_session);

  return g_test_run ();
}
