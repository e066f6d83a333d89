/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "keyfob-catalogue.h"
#include "keyfob-provider.h"

G_BEGIN_DECLS

#define KEYFOB_PROVIDER_WRITER_ERROR (keyfob_provider_writer_error_quark ())

/* Which of the form's entries a problem is in, so that a front end shows it there. */
typedef enum
{
  KEYFOB_PROVIDER_WRITER_ERROR_NAME = 1,
  KEYFOB_PROVIDER_WRITER_ERROR_HEADER,
  KEYFOB_PROVIDER_WRITER_ERROR_URL,
  KEYFOB_PROVIDER_WRITER_ERROR_SUCCESS,
  KEYFOB_PROVIDER_WRITER_ERROR_REJECTED,
  KEYFOB_PROVIDER_WRITER_ERROR_DASHBOARD,
  KEYFOB_PROVIDER_WRITER_ERROR_FILE,
} KeyfobProviderWriterError;

typedef enum
{
  KEYFOB_CUSTOM_AUTH_BEARER,  /* Authorization: Bearer TOKEN */
  KEYFOB_CUSTOM_AUTH_RAW,     /* Authorization: TOKEN */
  KEYFOB_CUSTOM_AUTH_HEADER,  /* HEADER-NAME: TOKEN */
} KeyfobCustomAuth;

/* What the "Other service" form asks, as the user typed it. */
typedef struct
{
  char             *id;             /* of the provider being edited; NULL for a new one */
  char             *name;
  KeyfobCustomAuth  auth;
  char             *header_name;    /* for KEYFOB_CUSTOM_AUTH_HEADER */
  char             *url;            /* may hold {field} placeholders */
  char             *success;        /* status codes, "200, 204" */
  char             *rejected;       /* status codes, "401" */
  char             *dashboard_url;  /* "" for none */
} KeyfobProviderSpec;

GQuark              keyfob_provider_writer_error_quark    (void);

KeyfobProviderSpec *keyfob_provider_spec_new               (void);
KeyfobProviderSpec *keyfob_provider_spec_new_from_provider (KeyfobProvider      *provider);
void                keyfob_provider_spec_free              (KeyfobProviderSpec  *spec);
KeyfobProvider     *keyfob_provider_spec_build             (KeyfobProviderSpec  *spec,
                                                            KeyfobCatalogue     *catalogue,
                                                            GBytes             **json,
                                                            GError             **error);
char               *keyfob_provider_writer_dup_dir         (void);
void                keyfob_provider_writer_save_async      (KeyfobProvider      *provider,
                                                            GBytes              *json,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            keyfob_provider_writer_save_finish     (GAsyncResult        *result,
                                                            GError             **error);
void                keyfob_provider_writer_remove_async    (KeyfobProvider      *provider,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean            keyfob_provider_writer_remove_finish   (GAsyncResult        *result,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobProviderSpec, keyfob_provider_spec_free)

G_END_DECLS
