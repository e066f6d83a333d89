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

/**
 * keyfob_ui_show_provider_page:
 * @parent: (nullable): the window to open it from
 * @fields: (nullable): the token's fields, which may complete the dashboard's address
 *
 * Opens the provider's dashboard, else its documentation, in the browser.
 */
void
keyfob_ui_show_provider_page (GtkWindow      *parent,
                              KeyfobProvider *provider,
                              GHashTable     *fields)
{
  g_autofree char *url = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (KEYFOB_IS_PROVIDER (provider));

  url = keyfob_provider_dup_help_url (provider, fields);
  if (url != NULL)
    gtk_show_uri (parent, url, GDK_CURRENT_TIME);
}
