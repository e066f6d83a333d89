/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "keyfob-store-private.h"
#include "keyfob-text.h"

G_DEFINE_QUARK (keyfob-store-error-quark, keyfob_store_error)

static char *
remote_error_name (const GError *error)
{
  return g_dbus_error_is_remote_error (error) ? g_dbus_error_get_remote_error (error) : NULL;
}

/* Nobody owns the Secret Service's bus name, or there is no bus at all: the one case that is
 * "no keyring". An error name GDBus does not know arrives as G_IO_ERROR_DBUS_ERROR: it may
 * come from the keyring or from the bus starting it, which only the operation can tell (see
 * keyfob-store.c's op_map_error()). */
static gboolean
is_absent (const GError *error)
{
  g_autofree char *name = remote_error_name (error);

  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_strcmp0 (name, "org.freedesktop.DBus.Error.ServiceUnknown") == 0 ||
         g_strcmp0 (name, "org.freedesktop.DBus.Error.NameHasNoOwner") == 0 ||
         (error->domain == G_IO_ERROR &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR));
}

/* The one place the Secret Service's, libsecret's, D-Bus's and GIO's errors become ours, each
 * saying what happened: absent, gone, locked, refused, denied. */
GError *
_keyfob_store_map_error (const GError *error)
{
  g_autofree char *name = remote_error_name (error);
  g_autoptr(GError) plain = g_error_copy (error);
  g_autofree char *reason = NULL;

  if (error->domain == KEYFOB_STORE_ERROR || error->domain == KEYFOB_INPUT_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_dbus_error_is_remote_error (plain))
    g_dbus_error_strip_remote_error (plain);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_strcmp0 (name, "org.freedesktop.Secret.Error.IsLocked") == 0)
    return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_LOCKED,
                                _("The keyring is locked. Unlock it and try again."));

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
      g_strcmp0 (name, "org.freedesktop.Secret.Error.NoSuchObject") == 0 ||
      g_strcmp0 (name, "org.freedesktop.DBus.Error.UnknownObject") == 0)
    return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
                                _("The token is no longer in the keyring: another program "
                                  "removed it. List the tokens again."));

  if (is_absent (error))
    return _keyfob_store_absent_error ();

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
      g_strcmp0 (name, "org.freedesktop.DBus.Error.NoReply") == 0)
    return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE,
                                _("The keyring stopped answering: it quit or crashed. Start "
                                  "it again and try again."));

  /* The service's own words come from another program: one bounded line. */
  reason = keyfob_text_one_line (plain->message, KEYFOB_VENDOR_TEXT_MAX_CHARS);
  return g_error_new (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_FAILED,
                      _("The keyring refused the request: %s"), reason);
}

GError *
_keyfob_store_absent_error (void)
{
  return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_UNAVAILABLE,
                              _("No keyring is running. Keyfob keeps tokens only in a "
                                "keyring (Secret Service): start GNOME Keyring, KeePassXC "
                                "with its Secret Service on, or KWallet, or log in to a "
                                "desktop session, and try again."));
}

GError *
_keyfob_store_no_collection_error (void)
{
  return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NO_COLLECTION,
                              _("The keyring has no default collection to keep tokens in. "
                                "Create one (a keyring in Passwords and Keys, a database whose "
                                "group KeePassXC exposes, or a wallet in KWallet) and make it "
                                "the default, then try again."));
}

GError *
_keyfob_store_not_stored_error (void)
{
  return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_NOT_FOUND,
                              _("This token is not in the keyring yet."));
}

GError *
_keyfob_store_denied_error (void)
{
  return g_error_new_literal (KEYFOB_STORE_ERROR, KEYFOB_STORE_ERROR_DENIED,
                              _("The keyring did not give access: its prompt was dismissed or "
                                "refused. Try again, and answer the prompt."));
}
