/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-token"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "keyfob-check-host.h"
#include "keyfob-secret.h"
#include "keyfob-token-private.h"
#include "keyfob-token-rules.h"

G_DEFINE_FINAL_TYPE (KeyfobToken, keyfob_token, G_TYPE_OBJECT)

static GParamSpec *properties[KEYFOB_TOKEN_N_PROPS];

static GHashTable *
new_string_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
keyfob_token_finalize (GObject *object)
{
  KeyfobToken *self = (KeyfobToken *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->provider_id);
  g_free (self->preview);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  g_clear_pointer (&self->rotated, g_date_time_unref);
  g_free (self->last_result);
  g_free (self->last_message);
  g_free (self->account);
  g_free (self->check_host);
  g_free (self->relabel);
  g_free (self->object_path);
  g_free (self->search_text);
  g_free (self->search_provider_name);

  G_OBJECT_CLASS (keyfob_token_parent_class)->finalize (object);
}

static void
keyfob_token_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KeyfobToken *self = KEYFOB_TOKEN (object);

  switch (prop_id)
    {
    case KEYFOB_TOKEN_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case KEYFOB_TOKEN_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case KEYFOB_TOKEN_PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case KEYFOB_TOKEN_PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    case KEYFOB_TOKEN_PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case KEYFOB_TOKEN_PROP_EXPIRES:
      g_value_set_boxed (value, self->expires);
      break;
    case KEYFOB_TOKEN_PROP_LAST_CHECKED:
      g_value_set_boxed (value, self->last_checked);
      break;
    case KEYFOB_TOKEN_PROP_LAST_RESULT:
      g_value_set_string (value, self->last_result);
      break;
    case KEYFOB_TOKEN_PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case KEYFOB_TOKEN_PROP_CHECKING:
      g_value_set_boolean (value, self->n_checks > 0);
      break;
    case KEYFOB_TOKEN_PROP_ROTATED:
      g_value_set_boxed (value, self->rotated);
      break;
    case KEYFOB_TOKEN_PROP_FIELDS:
      g_value_set_boxed (value, self->fields);
      break;
    case KEYFOB_TOKEN_PROP_LAST_STATUS:
      g_value_set_int (value, self->last_status);
      break;
    case KEYFOB_TOKEN_PROP_LAST_MESSAGE:
      g_value_set_string (value, self->last_message);
      break;
    case KEYFOB_TOKEN_PROP_LAST_LATENCY:
      g_value_set_int (value, self->last_latency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
date_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

/* -1 for unknown: a token last checked before Keyfob kept these. */
static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, -1, G_MAXINT, -1,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
keyfob_token_class_init (KeyfobTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = keyfob_token_finalize;
  object_class->get_property = keyfob_token_get_property;

  properties[KEYFOB_TOKEN_PROP_ID] = string_property ("id");
  properties[KEYFOB_TOKEN_PROP_NAME] = string_property ("name");
  properties[KEYFOB_TOKEN_PROP_PROVIDER_ID] = string_property ("provider-id");
  properties[KEYFOB_TOKEN_PROP_PREVIEW] = string_property ("preview");
  properties[KEYFOB_TOKEN_PROP_CREATED] = date_property ("created");
  properties[KEYFOB_TOKEN_PROP_EXPIRES] = date_property ("expires");
  properties[KEYFOB_TOKEN_PROP_LAST_CHECKED] = date_property ("last-checked");
  properties[KEYFOB_TOKEN_PROP_LAST_RESULT] = string_property ("last-result");
  properties[KEYFOB_TOKEN_PROP_ACCOUNT] = string_property ("account");
  properties[KEYFOB_TOKEN_PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[KEYFOB_TOKEN_PROP_ROTATED] = date_property ("rotated");

  /**
   * KeyfobToken:fields: (type GHashTable(utf8,utf8))
   *
   * The provider fields by key, as keyfob_token_get_fields() gives them; notified when an
   * edit, here or in another program, changes any of them.
   */
  properties[KEYFOB_TOKEN_PROP_FIELDS] =
    g_param_spec_boxed ("fields", NULL, NULL, G_TYPE_HASH_TABLE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[KEYFOB_TOKEN_PROP_LAST_STATUS] = int_property ("last-status");
  properties[KEYFOB_TOKEN_PROP_LAST_MESSAGE] = string_property ("last-message");
  properties[KEYFOB_TOKEN_PROP_LAST_LATENCY] = int_property ("last-latency");

  g_object_class_install_properties (object_class, KEYFOB_TOKEN_N_PROPS, properties);
}

static void
keyfob_token_init (KeyfobToken *self)
{
  self->fields = new_string_table ();
  self->last_status = -1;
  self->last_latency = -1;
}

KeyfobToken *
keyfob_token_new (const char *provider_id,
                  const char *name,
                  const char *preview,
                  GHashTable *fields,
                  GDateTime  *expires)
{
  KeyfobToken *self;

  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (preview != NULL, NULL);

  self = g_object_new (KEYFOB_TYPE_TOKEN, NULL);
  self->id = g_uuid_string_random ();
  self->provider_id = g_strdup (provider_id);
  self->name = g_strdup (name);
  self->preview = g_strdup (preview);
  self->created = g_date_time_new_now_utc ();
  self->expires = expires ? g_date_time_ref (expires) : NULL;

  if (fields != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));
    }

  return self;
}

const char *
_keyfob_token_get_object_path (KeyfobToken *self)
{
  return self->object_path;
}

/**
 * _keyfob_token_get_relabel:
 *
 * Returns: (nullable): the item's label, if a read of it found one that another program
 *   changed away from the token's name
 */
const char *
_keyfob_token_get_relabel (KeyfobToken *self)
{
  return self->relabel;
}

/* Where a new token's checks go, which it keeps from then on. */
void
_keyfob_token_set_check_host (KeyfobToken *self,
                              const char  *host)
{
  g_free (self->check_host);
  self->check_host = g_strdup (host);
}

/* Once stored: the item the keyring created. */
void
_keyfob_token_set_object_path (KeyfobToken *self,
                               const char  *path)
{
  g_free (self->object_path);
  self->object_path = g_strdup (path);
}

/* For the files that change what views bind to (keyfob-token-attributes.c). */
void
_keyfob_token_notify (KeyfobToken         *self,
                      KeyfobTokenProperty  property)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[property]);
}

void
_keyfob_token_set_name (KeyfobToken *self,
                        const char  *name)
{
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_clear_pointer (&self->search_text, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_NAME]);
}

/* The check's account stays from an earlier check when this one had none to tell. */
void
_keyfob_token_set_last_check (KeyfobToken             *self,
                              const KeyfobCheckResult *check)
{
  g_clear_pointer (&self->last_checked, g_date_time_unref);
  self->last_checked = g_date_time_ref (check->checked_at);
  g_free (self->last_result);
  self->last_result = g_strdup (keyfob_verdict_to_string (check->verdict));
  _keyfob_token_set_check_details (self, (int) MIN (check->http_status, G_MAXINT),
                                   check->vendor_message,
                                   (int) MIN (check->latency_ms, G_MAXINT));
  if (check->host != NULL)
    {
      g_free (self->check_host);
      self->check_host = g_strdup (check->host);
    }

  if (check->account != NULL && g_strcmp0 (self->account, check->account) != 0)
    {
      g_free (self->account);
      self->account = g_strdup (check->account);
      g_clear_pointer (&self->search_text, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_ACCOUNT]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_LAST_CHECKED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_LAST_RESULT]);
}

/* What the last check got back beyond its verdict, each notified when it changes. */
void
_keyfob_token_set_check_details (KeyfobToken *self,
                                 int          status,
                                 const char  *message,
                                 int          latency)
{
  if (self->last_status != status)
    {
      self->last_status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_LAST_STATUS]);
    }

  if (g_strcmp0 (self->last_message, message) != 0)
    {
      g_free (self->last_message);
      self->last_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_LAST_MESSAGE]);
    }

  if (self->last_latency != latency)
    {
      self->last_latency = latency;
      g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_LAST_LATENCY]);
    }
}

/* Every view of the token shows that a check is under way, wherever it was started, until
 * the last one ends. */
void
_keyfob_token_begin_check (KeyfobToken *self)
{
  if (self->n_checks++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_CHECKING]);
}

void
_keyfob_token_end_check (KeyfobToken *self)
{
  g_return_if_fail (self->n_checks > 0);

  if (--self->n_checks == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[KEYFOB_TOKEN_PROP_CHECKING]);
}

gboolean
keyfob_token_get_checking (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), FALSE);

  return self->n_checks > 0;
}

const char *
keyfob_token_get_id (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->id;
}

const char *
keyfob_token_get_name (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->name;
}

const char *
keyfob_token_get_provider_id (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->provider_id;
}

/**
 * keyfob_token_get_rotated:
 *
 * Returns: (transfer none) (nullable): when the token was last replaced by a new one
 */
GDateTime *
keyfob_token_get_rotated (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->rotated;
}

const char *
keyfob_token_get_preview (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->preview;
}

/**
 * keyfob_token_get_fields:
 *
 * Returns: (transfer none) (element-type utf8 utf8): the provider fields by key
 */
GHashTable *
keyfob_token_get_fields (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->fields;
}

GDateTime *
keyfob_token_get_created (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->created;
}

GDateTime *
keyfob_token_get_expires (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->expires;
}

GDateTime *
keyfob_token_get_last_checked (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->last_checked;
}

const char *
keyfob_token_get_last_result (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->last_result;
}

/**
 * keyfob_token_get_last_status:
 *
 * Returns: the HTTP status of the last check's response, 0 when none arrived (a network
 *   failure, a timeout), -1 when not known (never checked, or checked by an older Keyfob)
 */
int
keyfob_token_get_last_status (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), -1);

  return self->last_status;
}

/**
 * keyfob_token_get_last_message:
 *
 * Returns: (nullable): the vendor's own message at the last check, one printable line of at
 *   most %KEYFOB_VENDOR_TEXT_MAX_CHARS characters; outside text, to escape before markup
 */
const char *
keyfob_token_get_last_message (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->last_message;
}

/**
 * keyfob_token_get_last_latency:
 *
 * Returns: how long the last check took, in milliseconds; -1 when not known
 */
int
keyfob_token_get_last_latency (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), -1);

  return self->last_latency;
}

/**
 * keyfob_token_get_account:
 *
 * Returns: (nullable): the account, org or user name the provider gave at the last check
 */
const char *
keyfob_token_get_account (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->account;
}

/**
 * keyfob_token_get_check_host:
 *
 * Returns: (nullable): the host its checks go to, as it was when the token was stored or when
 *   the user last agreed to another; %NULL for tokens stored before Keyfob remembered it
 */
const char *
keyfob_token_get_check_host (KeyfobToken *self)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), NULL);

  return self->check_host;
}

/**
 * keyfob_token_get_expiry:
 * @now: the time to compare with
 * @warning_days: how close to expiry counts as soon
 * @days_left: (out) (optional): whole days until expiry, negative once expired
 */
KeyfobExpiry
keyfob_token_get_expiry (KeyfobToken *self,
                         GDateTime   *now,
                         guint        warning_days,
                         int         *days_left)
{
  GTimeSpan left;

  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), KEYFOB_EXPIRY_NONE);

  if (self->expires == NULL)
    return KEYFOB_EXPIRY_NONE;

  left = g_date_time_difference (self->expires, now);
  if (days_left != NULL)
    *days_left = (int) (left / G_TIME_SPAN_DAY);

  if (left <= 0)
    return KEYFOB_EXPIRY_EXPIRED;
  if (left <= (GTimeSpan) warning_days * G_TIME_SPAN_DAY)
    return KEYFOB_EXPIRY_SOON;

  return KEYFOB_EXPIRY_LATER;
}

/* What a search looks in, casefolded once per token rather than once per keystroke: the name,
 * provider id, provider name and account, each ending in a NUL, then an empty one. */
static const char *
search_text (KeyfobToken *self,
             const char  *provider_name)
{
  const char *fields[] = { self->name, self->provider_id, provider_name, self->account };
  GString *text;

  if (self->search_text != NULL && g_strcmp0 (self->search_provider_name, provider_name) == 0)
    return self->search_text;

  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = NULL;

      if (fields[i] == NULL || fields[i][0] == '\0')
        continue;

      folded = g_utf8_casefold (fields[i], -1);
      g_string_append_len (text, folded, strlen (folded) + 1);
    }
  g_string_append_c (text, '\0');

  g_free (self->search_text);
  self->search_text = g_string_free (text, FALSE);
  g_free (self->search_provider_name);
  self->search_provider_name = g_strdup (provider_name);

  return self->search_text;
}

/**
 * keyfob_token_fold_query:
 * @query: what the user typed
 *
 * Returns: (transfer full): @query as keyfob_token_matches_folded() takes it
 */
char *
keyfob_token_fold_query (const char *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return g_utf8_casefold (query, -1);
}

/**
 * keyfob_token_matches_folded:
 * @provider_name: (nullable): the display name of the token's provider
 * @folded_query: from keyfob_token_fold_query(), which a view calls once per keystroke
 *
 * Whether a search finds this token: by name, provider or account, ignoring case.
 */
gboolean
keyfob_token_matches_folded (KeyfobToken *self,
                             const char  *provider_name,
                             const char  *folded_query)
{
  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), FALSE);
  g_return_val_if_fail (folded_query != NULL, FALSE);

  if (folded_query[0] == '\0')
    return TRUE;

  for (const char *field = search_text (self, provider_name); field[0] != '\0';
       field += strlen (field) + 1)
    if (strstr (field, folded_query) != NULL)
      return TRUE;

  return FALSE;
}

/**
 * keyfob_token_matches:
 * @provider_name: (nullable): the display name of the token's provider
 * @query: (nullable): what the user typed
 *
 * Whether a search for @query finds this token: by name, provider or account, ignoring case.
 */
gboolean
keyfob_token_matches (KeyfobToken *self,
                      const char  *provider_name,
                      const char  *query)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (KEYFOB_IS_TOKEN (self), FALSE);

  if (query == NULL || query[0] == '\0')
    return TRUE;

  folded = keyfob_token_fold_query (query);

  return keyfob_token_matches_folded (self, provider_name, folded);
}
