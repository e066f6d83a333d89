/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keyfob-check-result.h"
#include "keyfob-provider-private.h"
#include "keyfob-uri.h"

static void
verify_hint_free (gpointer data)
{
  KeyfobVerifyHint *hint = data;

  g_free (hint->contains);
  g_free (hint->detail);
  g_free (hint);
}

/* A URL Keyfob will send a token to: https, or plain http to this machine only. */
gboolean
_keyfob_provider_url_is_safe (const char *url)
{
  return g_str_has_prefix (url, "https://") || keyfob_uri_is_loopback_http (url);
}

/* A header of its own for the token: an HTTP token (RFC 9110), and none that HTTP itself or
 * libsoup sets, which would not carry it or would break the request. */
gboolean
_keyfob_provider_header_name_is_valid (const char *name)
{
  static const char * const taken[] = {
    "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Cookie",
    "Accept", "Accept-Encoding", "User-Agent", "Location", NULL
  };
  gsize length = strlen (name);

  if (length == 0 || length > 64)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;

  for (guint i = 0; taken[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, taken[i]) == 0)
      return FALSE;

  return TRUE;
}

static gboolean
is_known_variable (KeyfobProvider *self,
                   const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      KeyfobProviderField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->key, name))
        return TRUE;

      for (guint j = 0; j < field->choices->len; j++)
        {
          KeyfobFieldChoice *choice = g_ptr_array_index (field->choices, j);

          if (g_hash_table_contains (choice->vars, name))
            return TRUE;
        }
    }

  return FALSE;
}

/* Placeholders name fields or choice variables; never the token, which only travels in the
 * authentication header. */
static gboolean
check_template (KeyfobProvider  *self,
                ParseContext    *ctx,
                JsonObject      *object,
                const char      *member,
                const char      *template,
                GError         **error)
{
  for (const char *p = strchr (template, '{'); p != NULL; p = strchr (p + 1, '{'))
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      if (end == NULL)
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” has a “{” without its “}”"), member);

      name = g_strndup (p + 1, end - p - 1);

      if (g_str_equal (name, "token"))
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” would put the token into the request: tokens "
                                        "are sent only in the header that “auth” names"),
                                      member);

      if (!is_known_variable (self, name))
        return _keyfob_provider_fail (ctx, object, member, error,
                                      _("“%s” uses {%s}, which is no field or choice variable"),
                                      member, name);
    }

  return TRUE;
}

static gboolean
parse_status_map (KeyfobProvider  *self,
                  ParseContext    *ctx,
                  JsonObject      *verify,
                  GError         **error)
{
  g_autoptr(GList) names = NULL;
  JsonNode *node = NULL;
  JsonObject *map;

  self->verify.status_map = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!_keyfob_provider_read_member (ctx, verify, "status", JSON_NODE_OBJECT, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  map = json_node_get_object (node);
  names = json_object_get_members (map);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = NULL;
      guint64 status = 0;
      KeyfobVerdict verdict;

      if (!g_ascii_string_to_unsigned (l->data, 10, 100, 599, &status, NULL))
        return _keyfob_provider_fail (ctx, map, l->data, error, _("“%s” is not an HTTP status"),
                                      (const char *) l->data);

      if (!_keyfob_provider_read_string (ctx, map, l->data, TRUE, &value, error))
        return FALSE;

      if (g_str_has_prefix (value, "field:"))
        {
          if (keyfob_provider_lookup_field (self, value + strlen ("field:")) == NULL)
            return _keyfob_provider_fail (ctx, map, l->data, error,
                                          _("“%s” names no field of this provider"), value);
        }
      else if (!keyfob_verdict_from_string (value, &verdict))
        {
          return _keyfob_provider_fail (ctx, map, l->data, error,
                                        _("“%s” is no result: use valid, invalid, forbidden, "
                                          "rate-limited, server-error, unexpected or field:KEY"),
                                        value);
        }

      g_hash_table_insert (self->verify.status_map, GUINT_TO_POINTER ((guint) status),
                           g_steal_pointer (&value));
    }

  return TRUE;
}

static gboolean
parse_hints (KeyfobProvider  *self,
             ParseContext    *ctx,
             JsonObject      *verify,
             GError         **error)
{
  JsonNode *node = NULL;
  JsonArray *array;

  self->verify.hints = g_ptr_array_new_with_free_func (verify_hint_free);

  if (!_keyfob_provider_read_member (ctx, verify, "hints", JSON_NODE_ARRAY, FALSE, &node, error))
    return FALSE;

  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      KeyfobVerifyHint *hint;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return _keyfob_provider_fail (ctx, verify, "hints", error,
                                      _("each of “hints” must be an object"));

      object = json_node_get_object (element);
      hint = g_new0 (KeyfobVerifyHint, 1);
      g_ptr_array_add (self->verify.hints, hint);

      if (!_keyfob_provider_read_uint (ctx, object, "status", 599, &hint->status, error) ||
          !_keyfob_provider_read_string (ctx, object, "contains", FALSE, &hint->contains, error) ||
          !_keyfob_provider_read_string (ctx, object, "detail", TRUE, &hint->detail, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_keyfob_provider_parse_verify (KeyfobProvider  *self,
                               ParseContext    *ctx,
                               JsonObject      *root,
                               GError         **error)
{
  g_auto(GStrv) success = NULL;
  JsonNode *node = NULL;
  JsonNode *headers = NULL;
  JsonNode *equals = NULL;
  JsonObject *verify;

  self->verify.header_names = g_ptr_array_new_with_free_func (g_free);
  self->verify.header_values = g_ptr_array_new_with_free_func (g_free);
  self->verify.success_equals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!_keyfob_provider_read_member (ctx, root, "verify", JSON_NODE_OBJECT, TRUE, &node, error))
    return FALSE;

  verify = json_node_get_object (node);
  self->verify.method = g_strdup ("GET");

  if (!_keyfob_provider_read_string (ctx, verify, "method", FALSE, &self->verify.method, error) ||
      !_keyfob_provider_read_string (ctx, verify, "url", TRUE, &self->verify.url, error) ||
      !_keyfob_provider_read_string_array (ctx, verify, "success", &success, error) ||
      !_keyfob_provider_read_string_array (ctx, verify, "account",
                                           &self->verify.account_paths, error) ||
      !_keyfob_provider_read_string_array (ctx, verify, "message",
                                           &self->verify.message_paths, error) ||
      !_keyfob_provider_read_member (ctx, verify, "headers", JSON_NODE_OBJECT, FALSE,
                                     &headers, error) ||
      !_keyfob_provider_read_member (ctx, verify, "success_equals", JSON_NODE_OBJECT, FALSE,
                                     &equals, error) ||
      !parse_status_map (self, ctx, verify, error) ||
      !parse_hints (self, ctx, verify, error))
    return FALSE;

  if (!g_str_equal (self->verify.method, "GET") && !g_str_equal (self->verify.method, "HEAD"))
    return _keyfob_provider_fail (ctx, verify, "method", error,
                                  _("“method” must be GET or HEAD: "
                                    "a check must not change anything"));

  if (!g_str_has_prefix (self->verify.url, "{") && !_keyfob_provider_url_is_safe (self->verify.url))
    return _keyfob_provider_fail (ctx, verify, "url", error,
                                  _("“url” must be an https:// address: Keyfob sends tokens "
                                    "over plain http only to this machine"));

  if (!check_template (self, ctx, verify, "url", self->verify.url, error))
    return FALSE;

  for (guint i = 0; success[i] != NULL; i++)
    {
      if (g_str_equal (success[i], "object"))
        self->verify.success_object = TRUE;
      else if (g_str_equal (success[i], "array"))
        self->verify.success_array = TRUE;
      else if (g_str_equal (success[i], "any"))
        self->verify.success_any = TRUE;
      else
        return _keyfob_provider_fail (ctx, verify, "success", error,
                                      _("“success” lists body types: object, array, any"));
    }

  if (headers != NULL)
    {
      JsonObject *object = json_node_get_object (headers);
      g_autoptr(GList) names = json_object_get_members (object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!_keyfob_provider_read_string (ctx, object, l->data, TRUE, &value, error) ||
              !check_template (self, ctx, object, l->data, value, error))
            return FALSE;

          if (g_ascii_strcasecmp (l->data, "Authorization") == 0 ||
              g_ascii_strcasecmp (l->data, "X-API-KEY") == 0)
            return _keyfob_provider_fail (ctx, object, l->data, error,
                                          _("“%s” is set by “auth”, not by “headers”"),
                                          (const char *) l->data);

          g_ptr_array_add (self->verify.header_names, g_strdup (l->data));
          g_ptr_array_add (self->verify.header_values, g_steal_pointer (&value));
        }
    }

  if (equals != NULL)
    {
      JsonObject *object = json_node_get_object (equals);
      g_autoptr(GList) names = json_object_get_members (object);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = NULL;

          if (!_keyfob_provider_read_string (ctx, object, l->data, TRUE, &value, error))
            return FALSE;

          g_hash_table_insert (self->verify.success_equals, g_strdup (l->data),
                               g_steal_pointer (&value));
        }
    }

  return TRUE;
}
