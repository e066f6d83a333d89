/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-json-path"

#include "config.h"

#include <stdlib.h>

#include "keyfob-json-path.h"

/* Walks a dotted path such as "errors.0.detail" through objects and arrays,
 * checking each node's type before reading it: the body comes from the network. */
JsonNode *
keyfob_json_path_lookup (JsonNode   *root,
                         const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = root;

  if (root == NULL || path == NULL || path[0] == '\0')
    return NULL;

  parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);

          node = json_object_get_member (object, parts[i]);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          char *end = NULL;
          guint64 index = g_ascii_strtoull (parts[i], &end, 10);

          if (end == parts[i] || *end != '\0' || index >= json_array_get_length (array))
            return NULL;

          node = json_array_get_element (array, index);
        }
      else
        {
          return NULL;
        }
    }

  return node;
}

/* A string, or a number written as one; NULL for anything else or empty text. */
char *
keyfob_json_path_dup_string (JsonNode   *root,
                             const char *path)
{
  JsonNode *node = keyfob_json_path_lookup (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
      }
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Checks text before json-glib sees it, which it cannot do for itself:
 * - json-glib 1.6 reads "{} {}", "[] {}" or "0 {}" as a series of statements: it accepts them
 *   and leaks all but one root. Only hand it text that holds at most one object or array:
 *   outside strings that means no second value, and no ' or / (json-glib's single-quoted
 *   strings and comments, where its idea of a bracket would differ from ours).
 * - json-glib recurses once per level of nesting, so 100,000 brackets overflow the stack.
 * Text that ends before the value closes is fine: json-glib reports it.
 * @bad: (out) (optional): the offset of the first byte in the way */
KeyfobJsonShape
keyfob_json_check_shape (const char *data,
                         gsize       length,
                         gsize      *bad)
{
  KeyfobJsonShape shape = KEYFOB_JSON_SHAPE_OK;
  gsize depth = 0;
  gboolean in_string = FALSE;
  gboolean started = FALSE;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\0')
        break;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (started && depth == 0 ? !is_json_space (c) : (c == '\'' || c == '/'))
        break;

      if (!started)
        {
          if (is_json_space (c))
            continue;
          if (c != '{' && c != '[')
            break;
          started = TRUE;
        }

      if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > KEYFOB_JSON_MAX_DEPTH)
            {
              shape = KEYFOB_JSON_SHAPE_TOO_DEEP;
              break;
            }
        }
      else if (c == '}' || c == ']')
        {
          depth--;
        }
    }

  if (i >= length)
    return KEYFOB_JSON_SHAPE_OK;

  if (bad != NULL)
    *bad = i;

  return shape != KEYFOB_JSON_SHAPE_OK ? shape : KEYFOB_JSON_SHAPE_NOT_ONE_VALUE;
}
