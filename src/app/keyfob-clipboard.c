/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-clipboard"

#include "config.h"

#include "keyfob-clipboard.h"
#include "keyfob-secret-content.h"

struct _KeyfobClipboard
{
  GObject             parent_instance;

  GdkClipboard       *clipboard;  /* where we last copied to */
  GdkContentProvider *content;    /* what we put there */
  guint               clear_id;
  gboolean            clear_needs_focus;
  gboolean            focused;        /* one of Keyfob's windows has the keyboard focus */
  gboolean            clear_pending;  /* the delay ran out while none had */
};

G_DEFINE_FINAL_TYPE (KeyfobClipboard, keyfob_clipboard, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLEAR_NEEDS_FOCUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget (KeyfobClipboard *self)
{
  g_clear_handle_id (&self->clear_id, g_source_remove);
  g_clear_object (&self->content);
  g_clear_object (&self->clipboard);
  self->clear_pending = FALSE;
}

/* GNOME's Wayland compositor takes a clipboard change only from the client with the keyboard
 * focus. An unfocused clear is worse than none there: GTK drops its own copy, mutter puts the
 * copy it saved back, and the token can no longer be told from anyone's. So the clear waits
 * for the user to come back to Keyfob. */
static gboolean
clear_cb (gpointer user_data)
{
  KeyfobClipboard *self = user_data;

  self->clear_id = 0;
  if (self->clear_needs_focus && !self->focused)
    self->clear_pending = TRUE;
  else
    keyfob_clipboard_clear (self);

  return G_SOURCE_REMOVE;
}

static void
keyfob_clipboard_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KeyfobClipboard *self = KEYFOB_CLIPBOARD (object);

  switch (prop_id)
    {
    case PROP_CLEAR_NEEDS_FOCUS:
      g_value_set_boolean (value, self->clear_needs_focus);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_clipboard_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KeyfobClipboard *self = KEYFOB_CLIPBOARD (object);

  switch (prop_id)
    {
    case PROP_CLEAR_NEEDS_FOCUS:
      if (self->clear_needs_focus != g_value_get_boolean (value))
        {
          self->clear_needs_focus = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
keyfob_clipboard_dispose (GObject *object)
{
  KeyfobClipboard *self = (KeyfobClipboard *) object;

  forget (self);

  G_OBJECT_CLASS (keyfob_clipboard_parent_class)->dispose (object);
}

static void
keyfob_clipboard_class_init (KeyfobClipboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = keyfob_clipboard_dispose;
  object_class->get_property = keyfob_clipboard_get_property;
  object_class->set_property = keyfob_clipboard_set_property;

  /**
   * KeyfobClipboard:clear-needs-focus:
   *
   * Whether the clipboard can be cleared only while one of Keyfob's windows has the focus
   * (GNOME on Wayland): a clear that falls due without it waits for the next focus.
   */
  properties[PROP_CLEAR_NEEDS_FOCUS] =
    g_param_spec_boolean ("clear-needs-focus", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
keyfob_clipboard_init (KeyfobClipboard *self)
{
}

KeyfobClipboard *
keyfob_clipboard_new (void)
{
  return g_object_new (KEYFOB_TYPE_CLIPBOARD, NULL);
}

/**
 * keyfob_clipboard_copy:
 * @clear_after_seconds: 0 to leave it there
 *
 * Copies @text, a secret, and clears it again after the delay if nobody copied anything since.
 */
void
keyfob_clipboard_copy (KeyfobClipboard *self,
                       GdkClipboard    *clipboard,
                       const char      *text,
                       guint            clear_after_seconds)
{
  g_autoptr(SecretValue) secret = NULL;

  g_return_if_fail (KEYFOB_IS_CLIPBOARD (self));
  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);

  forget (self);

  /* The clipboard's copy lives in non-pageable memory that is wiped when the content is
   * dropped: by the clear, by a copy of something else, or at quit. */
  secret = secret_value_new (text, -1, "text/plain");
  self->content = keyfob_secret_content_new (secret);
  self->clipboard = g_object_ref (clipboard);
  gdk_clipboard_set_content (clipboard, self->content);

  if (clear_after_seconds > 0)
    self->clear_id = g_timeout_add_seconds (clear_after_seconds, clear_cb, self);
}

/* Still on the clipboard, put there by this process and not replaced since. */
gboolean
keyfob_clipboard_holds_ours (KeyfobClipboard *self)
{
  g_return_val_if_fail (KEYFOB_IS_CLIPBOARD (self), FALSE);

  return self->clipboard != NULL &&
         gdk_clipboard_is_local (self->clipboard) &&
         gdk_clipboard_get_content (self->clipboard) == self->content;
}

/**
 * keyfob_clipboard_set_focused:
 * @focused: whether one of Keyfob's windows has the keyboard focus now
 *
 * The application says so whenever it changes: a clear that waited for it happens now.
 */
void
keyfob_clipboard_set_focused (KeyfobClipboard *self,
                              gboolean         focused)
{
  g_return_if_fail (KEYFOB_IS_CLIPBOARD (self));

  self->focused = focused;
  if (focused && self->clear_pending)
    keyfob_clipboard_clear (self);
}

/* Clears the clipboard if it still holds what we copied; whatever else is there stays. */
void
keyfob_clipboard_clear (KeyfobClipboard *self)
{
  g_return_if_fail (KEYFOB_IS_CLIPBOARD (self));

  if (keyfob_clipboard_holds_ours (self))
    gdk_clipboard_set_content (self->clipboard, NULL);

  forget (self);
}
