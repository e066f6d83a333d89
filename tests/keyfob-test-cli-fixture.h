/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "keyfob-emulator.h"
#include "keyfob-test-cli.h"

G_BEGIN_DECLS

#define TOOL_TIMEOUT_SECONDS 60

#define PYLON_TOKEN    "pylon_api_4f2c9a7e1b3d5f60a8c2e4b6d8f0a1c3"
#define PUSHLY_TOKEN   "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define OTHER_TOKEN    "pl5-aa11bb22cc33dd44ee55ff66aa77bb88"

typedef struct
{
  KeyfobEmulator *emulator;
  char           *data_home;
  GPtrArray      *secrets;    /* every token handed to the tool: none may leak */
  const char     *bus;        /* overrides DBUS_SESSION_BUS_ADDRESS when set */
} Fixture;

void           cli_fixture_set_up    (Fixture            *fixture,
                                      gconstpointer       data);
void           cli_fixture_tear_down (Fixture            *fixture,
                                      gconstpointer       data);

KeyfobTestRun *run_toolv             (Fixture            *fixture,
                                      const char         *input,
                                      gsize               input_length,
                                      const char * const *args);
KeyfobTestRun *run_tool              (Fixture            *fixture,
                                      const char         *input,
                                      ...) G_GNUC_NULL_TERMINATED;
void           remember_secret       (Fixture            *fixture,
                                      const char         *secret);
char          *add_token             (Fixture            *fixture,
                                      const char         *token,
                                      ...) G_GNUC_NULL_TERMINATED;
JsonArray     *list_json             (Fixture            *fixture);
void           delete_all_tokens     (Fixture            *fixture);

void           assert_usage_error    (KeyfobTestRun      *run);
void           assert_iso8601        (const char         *text);
void           assert_token_object   (JsonObject         *object);
int            count_lines           (const char         *text);

G_END_DECLS
