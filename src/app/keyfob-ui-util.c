/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "keyfob-ui-util.h"

static const char * const severity_classes[] = { "success", "warning", "error" };

/* Whether @text (nullable) holds nothing but white space: an empty row, not a wrong one. */
gboolean
keyfob_ui_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/**
 * keyfob_ui_error_label_new:
 * @row: the row the label explains
 *
 * Returns: (transfer floating): a hidden label for @row's inline error, which describes @row
 *   to screen readers; show a message in it with keyfob_ui_set_row_error()
 */
GtkWidget *
keyfob_ui_error_label_new (GtkWidget *row)
{
  GtkWidget *label = gtk_label_new (NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (row), NULL);

  gtk_widget_set_visible (label, FALSE);
  gtk_widget_set_margin_top (label, 6);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");

  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);

  return label;
}

/**
 * keyfob_ui_set_row_error:
 * @message: (nullable): what is wrong with @row's value; %NULL or "" clears it
 *
 * Shows @message under @row, and marks @row for styling and screen readers.
 */
void
keyfob_ui_set_row_error (GtkWidget  *row,
                         GtkWidget  *error_label,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (error_label));

  if (message == NULL || message[0] == '\0')
    {
      keyfob_ui_clear_row_error (row, error_label);
      return;
    }

  gtk_label_set_text (GTK_LABEL (error_label), message);
  gtk_widget_set_visible (error_label, TRUE);
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

void
keyfob_ui_clear_row_error (GtkWidget *row,
                           GtkWidget *error_label)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (error_label));

  gtk_label_set_text (GTK_LABEL (error_label), "");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_remove_css_class (row, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
}

/* Returns: the style class for @severity: "success", "warning" or "error" */
const char *
keyfob_ui_severity_css_class (KeyfobSeverity severity)
{
  switch (severity)
    {
    case KEYFOB_SEVERITY_SUCCESS:
      return "success";
    case KEYFOB_SEVERITY_ERROR:
      return "error";
    case KEYFOB_SEVERITY_WARNING:
    default:
      return "warning";
    }
}

const char *
keyfob_ui_severity_icon_name (KeyfobSeverity severity)
{
  switch (severity)
    {
    case KEYFOB_SEVERITY_SUCCESS:
      return "emblem-ok-symbolic";
    case KEYFOB_SEVERITY_ERROR:
      return "dialog-error-symbolic";
    case KEYFOB_SEVERITY_WARNING:
    default:
      return "dialog-warning-symbolic";
    }
}

const char *
keyfob_ui_verdict_css_class (KeyfobVerdict verdict)
{
  return keyfob_ui_severity_css_class (keyfob_verdict_get_severity (verdict));
}

/**
 * keyfob_ui_set_severity_class:
 * @css_class: (nullable): one of the classes keyfob_ui_severity_css_class() returns, or %NULL
 *
 * Gives @widget @css_class and none of the other severity classes.
 */
void
keyfob_ui_set_severity_class (GtkWidget  *widget,
                              const char *css_class)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
    if (g_strcmp0 (severity_classes[i], css_class) != 0)
      gtk_widget_remove_css_class (widget, severity_classes[i]);

  if (css_class != NULL)
    gtk_widget_add_css_class (widget, css_class);
}

/**
 * keyfob_ui_dup_provider_page_label:
 * @fields: (nullable): the token's fields, which may complete the dashboard's address
 *
 * The label for a button that calls keyfob_ui_show_provider_page() with the same @fields:
 * both go by keyfob_provider_dup_help_url(), so that the button opens what it says.
 *
 * Returns: (nullable): the label, or %NULL when the provider names no page at all
 */
char *
keyfob_ui_dup_provider_page_label (KeyfobProvider *provider,
                                   GHashTable     *fields)
{
  g_autofree char *url = NULL;
  const char *name;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);

  url = keyfob_provider_dup_help_url (provider, fields);
  if (url == NULL)
    return NULL;

  name = keyfob_provider_get_name (provider);

  /* The help URL is the dashboard's unless the dashboard is unknown (or needs a field not
   * given yet, such as Cutover's instance): then it is the documentation's. */
  if (g_strcmp0 (url, keyfob_provider_get_docs_url (provider)) == 0)
    /* Translators: a button or row that opens the provider's documentation in a browser;
     * %s is a provider name, such as “Cutover” */
    return g_strdup_printf (_("Open %s Help"), name);

  /* Translators: a button or row that opens the provider's web dashboard in a browser;
   * %s is a provider name, such as “Pylon” */
  return g_strdup_printf (_("Open %s Dashboard"), name);
}

/* The address, to copy, when no browser would open it. */
static void
address_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "keyfob-uri");

  /* Not a secret: a provider's help or dashboard address. */
  if (g_str_equal (response, "copy"))
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), uri);
}

static void
show_address (GtkWindow  *parent,
              const char *uri)
{
  GtkWidget *dialog;
  GtkWidget *label;

  dialog = adw_message_dialog_new (parent, _("No Browser Found"),
                                   _("Keyfob could not open a web browser for this page. Copy "
                                     "its address and open it in a browser yourself."));
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", uri,
                        "selectable", TRUE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_CHAR,
                        "justify", GTK_JUSTIFY_CENTER,
                        NULL);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("_Copy Address"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "keyfob-uri", g_strdup (uri), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (address_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GWeakRef  parent;
  char     *uri;
} OpenUri;

static void
open_uri_free (OpenUri *open)
{
  g_weak_ref_clear (&open->parent);
  g_free (open->uri);
  g_free (open);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenUri, open_uri_free)

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OpenUri) open = user_data;
  g_autoptr(GtkWindow) parent = g_weak_ref_get (&open->parent);
  g_autoptr(GError) error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    return;

  /* GIO's words (“Operation not supported”) mean nothing to the user: the address does. */
  g_debug ("Could not open %s: %s", open->uri, error->message);

  /* The window it was asked from has closed meanwhile: nobody to show it to. */
  if (parent == NULL || !gtk_widget_get_visible (GTK_WIDGET (parent)))
    return;

  show_address (parent, open->uri);
}

/**
 * keyfob_ui_open_uri:
 * @parent: the window to open it from
 * @uri: a web address; not a secret
 *
 * Opens @uri in the default browser. With none (or none that starts), shows the address over
 * @parent with a button that copies it.
 */
void
keyfob_ui_open_uri (GtkWindow  *parent,
                    const char *uri)
{
  g_autoptr(GAppLaunchContext) context = NULL;
  OpenUri *open;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (uri != NULL);

  open = g_new0 (OpenUri, 1);
  g_weak_ref_init (&open->parent, parent);
  open->uri = g_strdup (uri);

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                                    gtk_widget_get_display (GTK_WIDGET (parent))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, open);
}

/**
 * keyfob_ui_show_provider_page:
 * @parent: the window to open it from
 * @fields: (nullable): the token's fields, which may complete the dashboard's address
 *
 * Opens the provider's dashboard, else its documentation, in the browser; see
 * keyfob_ui_open_uri().
 */
void
keyfob_ui_show_provider_page (GtkWindow      *parent,
                              KeyfobProvider *provider,
                              GHashTable     *fields)
{
  g_autofree char *url = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));

  url = keyfob_provider_dup_help_url (provider, fields);
  if (url != NULL)
    keyfob_ui_open_uri (parent, url);
}
