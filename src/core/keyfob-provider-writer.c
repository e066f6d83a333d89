/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "keyfob-provider-private.h"
#include "keyfob-provider-writer.h"
#include "keyfob-text.h"

/* The app's "Other service" form, written as a provider file in the user's providers folder.
 * The file goes through the same parser as every other provider before it is written, and the
 * form's own checks come first only to say which entry a problem is in. */

#define NAME_MAX_CHARS 64
#define ID_MAX_CHARS   48

G_DEFINE_QUARK (keyfob-provider-writer-error-quark, keyfob_provider_writer_error)

static const char * const auth_names[] = {
  [KEYFOB_CUSTOM_AUTH_BEARER] = "bearer",
  [KEYFOB_CUSTOM_AUTH_RAW] = "raw",
  [KEYFOB_CUSTOM_AUTH_HEADER] = "header",
};

KeyfobProviderSpec *
keyfob_provider_spec_new (void)
{
  KeyfobProviderSpec *spec = g_new0 (KeyfobProviderSpec, 1);

  spec->success = g_strdup ("200");
  spec->rejected = g_strdup ("401");
  spec->dashboard_url = g_strdup ("");

  return spec;
}

void
keyfob_provider_spec_free (KeyfobProviderSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->id);
  g_free (spec->name);
  g_free (spec->header_name);
  g_free (spec->url);
  g_free (spec->success);
  g_free (spec->rejected);
  g_free (spec->dashboard_url);
  g_free (spec);
}

/* Where the file's docs and dashboard point when the user gave no dashboard: the service's
 * own address, scheme and host of the verification URL. */
static char *
default_dashboard (const char *url)
{
  const char *host = strstr (url, "://");
  const char *end;

  if (host == NULL)
    return g_strdup (url);

  end = strchr (host + 3, '/');
  if (end == NULL)
    return g_strconcat (url, "/", NULL);

  return g_strndup (url, end - url + 1);
}

static int
compare_status (gconstpointer a,
                gconstpointer b)
{
  return (int) GPOINTER_TO_UINT (*(gconstpointer *) a) -
         (int) GPOINTER_TO_UINT (*(gconstpointer *) b);
}

static char *
join_statuses (GPtrArray *statuses)
{
  GString *text = g_string_new (NULL);

  g_ptr_array_sort (statuses, compare_status);
  for (guint i = 0; i < statuses->len; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ", " : "",
                            GPOINTER_TO_UINT (g_ptr_array_index (statuses, i)));

  return g_string_free (text, FALSE);
}

/**
 * keyfob_provider_spec_new_from_provider:
 *
 * Returns: (transfer full) (nullable): the form that wrote @provider, to edit it again; %NULL
 *   for a provider the form did not write
 */
KeyfobProviderSpec *
keyfob_provider_spec_new_from_provider (KeyfobProvider *provider)
{
  const KeyfobVerifySpec *verify;
  g_autoptr(GPtrArray) success = g_ptr_array_new ();
  g_autoptr(GPtrArray) rejected = g_ptr_array_new ();
  g_autofree char *fallback = NULL;
  KeyfobProviderSpec *spec;
  const char *scheme;
  const char *dashboard;
  GHashTableIter iter;
  gpointer status, verdict;

  g_return_val_if_fail (KEYFOB_IS_PROVIDER (provider), NULL);

  if (!keyfob_provider_get_custom (provider))
    return NULL;

  verify = _keyfob_provider_get_verify_spec (provider);
  scheme = keyfob_provider_get_auth_scheme (provider);
  dashboard = _keyfob_provider_get_dashboard_template (provider);
  fallback = default_dashboard (verify->url);

  spec = g_new0 (KeyfobProviderSpec, 1);
  spec->id = g_strdup (keyfob_provider_get_id (provider));
  spec->name = g_strdup (keyfob_provider_get_name (provider));
  spec->auth = g_str_equal (scheme, "header") ? KEYFOB_CUSTOM_AUTH_HEADER
               : g_str_equal (scheme, "raw") ? KEYFOB_CUSTOM_AUTH_RAW
               : KEYFOB_CUSTOM_AUTH_BEARER;
  spec->header_name = g_strdup (keyfob_provider_get_auth_header (provider));
  spec->url = g_strdup (verify->url);
  spec->dashboard_url = g_strdup (g_strcmp0 (dashboard, fallback) != 0 ? dashboard : "");

  g_hash_table_iter_init (&iter, verify->status_map);
  while (g_hash_table_iter_next (&iter, &status, &verdict))
    {
      if (g_str_equal (verdict, "valid"))
        g_ptr_array_add (success, status);
      else if (g_str_equal (verdict, "invalid"))
        g_ptr_array_add (rejected, status);
    }
  spec->success = join_statuses (success);
  spec->rejected = join_statuses (rejected);

  return spec;
}

static void
set_error (GError     **error,
           int          code,
           const char  *format,
           va_list      args) G_GNUC_PRINTF (3, 0);

static void
set_error (GError     **error,
           int          code,
           const char  *format,
           va_list      args)
{
  g_propagate_error (error, g_error_new_valist (KEYFOB_PROVIDER_WRITER_ERROR, code, format, args));
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  set_error (error, code, format, args);
  va_end (args);

  return FALSE;
}

/* fail(), for a function that returns a pointer. */
static gpointer
refuse (GError     **error,
        int          code,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gpointer
refuse (GError     **error,
        int          code,
        const char  *format,
        ...)
{
  va_list args;

  va_start (args, format);
  set_error (error, code, format, args);
  va_end (args);

  return NULL;
}

static char *
stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* "200, 204" or "200 204": each a status, none twice. */
static GPtrArray *
parse_statuses (const char  *text,
                int          code,
                GError     **error)
{
  g_auto(GStrv) words = g_regex_split_simple ("[\\s,]+", text, 0, 0);
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint64 status = 0;

      if (words[i][0] == '\0')
        continue;

      if (!g_ascii_string_to_unsigned (words[i], 10, 100, 599, &status, NULL))
        {
          g_autofree char *shown = keyfob_text_one_line (words[i], 16);

          return refuse (error, code, _("“%s” is not an HTTP status code: use numbers from 100 "
                                        "to 599, such as 200 or 401"), shown);
        }

      if (!g_ptr_array_find (statuses, GUINT_TO_POINTER ((guint) status), NULL))
        g_ptr_array_add (statuses, GUINT_TO_POINTER ((guint) status));
    }

  if (statuses->len == 0)
    return refuse (error, code, "%s", code == KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS
                   ? _("Give the status code a valid token gets, such as 200")
                   : _("Give the status code a rejected token gets, such as 401"));

  return g_steal_pointer (&statuses);
}

/* Each {placeholder} becomes a field the user fills in for each token. */
static GPtrArray *
parse_placeholders (const char  *url,
                    GError     **error)
{
  g_autoptr(GRegex) rule = g_regex_new ("\\{([^{}]*)\\}", 0, 0, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMatchInfo) match = NULL;

  for (g_regex_match (rule, url, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *key = g_match_info_fetch (match, 1);

      if (!_keyfob_provider_key_is_valid (key))
        {
          g_autofree char *shown = keyfob_text_one_line (key, 34);

          return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_URL,
                         _("{%s} cannot name a field: use lowercase letters, digits and _, "
                           "starting with a letter, and none of Keyfob’s own names such as "
                           "{provider}"), shown != NULL ? shown : "");
        }

      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, g_steal_pointer (&key));
    }

  return g_steal_pointer (&keys);
}

/* A whole address, with a host; {placeholders} stand for a value. */
static gboolean
url_is_valid (const char *url)
{
  g_autoptr(GRegex) rule = g_regex_new ("\\{[^{}]*\\}", 0, 0, NULL);
  g_autofree char *filled = g_regex_replace_literal (rule, url, -1, 0, "x", 0, NULL);

  g_autoptr(GUri) uri = filled != NULL ? g_uri_parse (filled, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static gboolean
check_name (KeyfobProviderSpec  *spec,
            const char          *name,
            KeyfobCatalogue     *catalogue,
            GError             **error)
{
  GPtrArray *providers = keyfob_catalogue_get_providers (catalogue);
  g_autofree char *folded = g_utf8_casefold (name, -1);

  if (name[0] == '\0')
    return fail (error, KEYFOB_PROVIDER_WRITER_ERROR_NAME,
                 _("Give the service a name, such as the company’s"));
  if (!keyfob_text_is_printable_line (name, strlen (name)))
    return fail (error, KEYFOB_PROVIDER_WRITER_ERROR_NAME,
                 _("The name must be one line of printable text"));
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    return fail (error, KEYFOB_PROVIDER_WRITER_ERROR_NAME,
                 _("Keep the name to %d characters"), NAME_MAX_CHARS);

  for (guint i = 0; i < providers->len; i++)
    {
      KeyfobProvider *other = g_ptr_array_index (providers, i);
      g_autofree char *other_folded = g_utf8_casefold (keyfob_provider_get_name (other), -1);

      if (g_strcmp0 (keyfob_provider_get_id (other), spec->id) != 0 &&
          g_str_equal (folded, other_folded))
        return fail (error, KEYFOB_PROVIDER_WRITER_ERROR_NAME,
                     _("Keyfob knows a service named %s already: choose another name"),
                     keyfob_provider_get_name (other));
    }

  return TRUE;
}

/* The file's name and the id tokens keep: from the name, and never one the catalogue has, so
 * that a new file never replaces a built-in provider. */
static char *
make_id (const char      *name,
         KeyfobCatalogue *catalogue)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autoptr(GString) slug = g_string_new (NULL);
  g_autofree char *id = NULL;

  for (const char *p = lower; *p != '\0' && slug->len < ID_MAX_CHARS; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, *p);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
        }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_assign (slug, "service");

  id = g_strdup (slug->str);
  for (guint n = 2; keyfob_catalogue_lookup (catalogue, id) != NULL; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", slug->str, n);
        }

  return g_steal_pointer (&id);
}

static void
add_statuses (JsonBuilder *builder,
              GPtrArray   *statuses,
              const char  *verdict)
{
  for (guint i = 0; i < statuses->len; i++)
    {
      g_autofree char *status = g_strdup_printf ("%u",
                                            GPOINTER_TO_UINT (g_ptr_array_index (statuses,
                                                                                 i)));

      json_builder_set_member_name (builder, status);
      json_builder_add_string_value (builder, verdict);
        }
}

/* An array of one string. */
static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  const char  *step)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, step);
  json_builder_end_array (builder);
}

static GBytes *
write_json (KeyfobProviderSpec *spec,
            GPtrArray          *fields,
            GPtrArray          *success,
            GPtrArray          *rejected)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dashboard = spec->dashboard_url[0] != '\0' ? g_strdup (spec->dashboard_url)
                                                          : default_dashboard (spec->url);
  g_autofree char *create = NULL;
  g_autofree char *revoke = NULL;
  char *text;

  /* Translators: the first step to add a token for a service the user described; %s is its
   * name */
  create = g_strdup_printf (_("Create a token in your %s account, and copy it."), spec->name);
  /* Translators: how to revoke a token of a service the user described; %s is its name */
  revoke = g_strdup_printf (_("Revoke or delete the token in your %s account."), spec->name);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, spec->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, spec->name);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, _("Added in Keyfob"));
  json_builder_set_member_name (builder, "custom");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "docs_url");
  json_builder_add_string_value (builder, dashboard);
  json_builder_set_member_name (builder, "dashboard_url");
  json_builder_add_string_value (builder, dashboard);
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder, auth_names[spec->auth]);
  if (spec->auth == KEYFOB_CUSTOM_AUTH_HEADER)
    {
      json_builder_set_member_name (builder, "auth_header");
      json_builder_add_string_value (builder, spec->header_name);
        }
  json_builder_set_member_name (builder, "expiry");
  json_builder_add_boolean_value (builder, TRUE);

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, g_ptr_array_index (fields, i));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, g_ptr_array_index (fields, i));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
        }
  json_builder_end_array (builder);

  /* Only the status says: Keyfob does not know what the service's answers hold. */
  json_builder_set_member_name (builder, "verify");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, spec->url);
  add_string_array (builder, "success", "any");
  json_builder_set_member_name (builder, "status");
  json_builder_begin_object (builder);
  add_statuses (builder, success, "valid");
  add_statuses (builder, rejected, "invalid");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "flows");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label_name");
  json_builder_add_string_value (builder, _("Name"));
  add_string_array (builder, "create_steps", create);
  json_builder_set_member_name (builder, "revoke_title");
  json_builder_add_string_value (builder, _("Revoke Token"));
  json_builder_set_member_name (builder, "revoke_confirm");
  json_builder_add_string_value (builder, _("Revoke"));
  add_string_array (builder, "revoke_steps", revoke);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  return g_bytes_new_take (text, strlen (text));
}

/**
 * keyfob_provider_spec_build:
 * @spec: the form; its text is trimmed, its status codes put in order, and a new provider
 *   given its id
 * @json: (out): the provider file to write
 *
 * Checks the form as a provider file is checked, naming the entry a problem is in.
 *
 * Returns: (transfer full): the provider, to test a token with before it is saved
 */
KeyfobProvider *
keyfob_provider_spec_build (KeyfobProviderSpec  *spec,
                       KeyfobCatalogue     *catalogue,
                       GBytes             **json,
                       GError             **error)
{
  g_autofree char *name = stripped (spec->name);
  g_autofree char *header = stripped (spec->header_name);
  g_autofree char *url = stripped (spec->url);
  g_autofree char *dashboard = stripped (spec->dashboard_url);
  g_autofree char *dir = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GPtrArray) success = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) parse_error = NULL;
  KeyfobProvider *provider;
  gsize size;
  const char *data;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (KEYFOB_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (json != NULL && *json == NULL, NULL);

  if (!check_name (spec, name, catalogue, error))
    return NULL;

  if (spec->auth == KEYFOB_CUSTOM_AUTH_HEADER && header[0] == '\0')
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_HEADER,
                   _("Name the header that carries the token, such as X-Auth-Token"));
  if (spec->auth == KEYFOB_CUSTOM_AUTH_HEADER && !_keyfob_provider_header_name_is_valid (header))
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_HEADER,
                   _("A header name is letters, digits and -, and not one HTTP sets itself, "
                     "such as Host"));

  if (url[0] == '\0')
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_URL,
                   _("Give the address that answers whether a token works"));
  if (!_keyfob_provider_url_is_safe (url) || !url_is_valid (url))
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_URL,
                   _("Give a whole https:// address: Keyfob sends tokens over plain http only "
                     "to this machine"));
  if ((fields = parse_placeholders (url, error)) == NULL)
    return NULL;

  if ((success = parse_statuses (spec->success, KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS,
                                 error)) == NULL ||
      (rejected = parse_statuses (spec->rejected, KEYFOB_PROVIDER_WRITER_ERROR_REJECTED,
                                  error)) == NULL)
    return NULL;
  for (guint i = 0; i < rejected->len; i++)
    if (g_ptr_array_find (success, g_ptr_array_index (rejected, i), NULL))
      return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_REJECTED,
                     _("%u is a success already: a status cannot mean both"),
                     GPOINTER_TO_UINT (g_ptr_array_index (rejected, i)));

  if (dashboard[0] != '\0' &&
      (!_keyfob_provider_url_is_safe (dashboard) || !url_is_valid (dashboard)))
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_DASHBOARD,
                   _("Give a whole https:// address, or leave it empty"));

  /* The form as it will be read back. */
  g_free (spec->name);
  spec->name = g_steal_pointer (&name);
  g_free (spec->header_name);
  spec->header_name = spec->auth == KEYFOB_CUSTOM_AUTH_HEADER ? g_steal_pointer (&header) : NULL;
  g_free (spec->url);
  spec->url = g_steal_pointer (&url);
  g_free (spec->dashboard_url);
  spec->dashboard_url = g_steal_pointer (&dashboard);
  g_free (spec->success);
  spec->success = join_statuses (success);
  g_free (spec->rejected);
  spec->rejected = join_statuses (rejected);
  if (spec->id == NULL)
    spec->id = make_id (spec->name, catalogue);

  /* The same parser as every provider file: what it refuses is never written. */
  bytes = write_json (spec, fields, success, rejected);
  dir = keyfob_provider_writer_dup_dir ();
  origin = g_strconcat (dir, G_DIR_SEPARATOR_S, spec->id, ".json", NULL);
  data = g_bytes_get_data (bytes, &size);
  provider = keyfob_provider_new_from_data (origin, data, size, &parse_error);
  if (provider == NULL)
    return refuse (error, KEYFOB_PROVIDER_WRITER_ERROR_FILE, "%s", parse_error->message);

  *json = g_steal_pointer (&bytes);
  return provider;
}
