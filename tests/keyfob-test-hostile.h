/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "keyfob-test-cli.h"

G_BEGIN_DECLS

#define TOOL_TIMEOUT   60

#define PUSHLY_OLD     "pshly-7d41c0e98b2a4f53a1e6c9d07b38f2e4"
#define PUSHLY_NEW     "pshly-00000000111111112222222233333333"
#define PULSETIC_TOKEN "33fea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f7b4"
#define CUTOVER_TOKEN  "0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  char *data_home;
  char *snapshot;    /* list --json after set-up: what every refused input must leave */
} Fixture;

void           hostile_fixture_set_up    (Fixture            *fixture,
                                          gconstpointer       data);
void           hostile_fixture_tear_down (Fixture            *fixture,
                                          gconstpointer       data);

KeyfobTestRun *run_toolv                 (Fixture            *fixture,
                                          const char         *input,
                                          gsize               input_length,
                                          const char * const *args);
KeyfobTestRun *run_tool                  (Fixture            *fixture,
                                          const char         *input,
                                          ...) G_GNUC_NULL_TERMINATED;

void           assert_get                (Fixture            *fixture,
                                          const char         *name,
                                          const char         *secret);
void           assert_unchanged          (Fixture            *fixture);
void           assert_refused            (Fixture            *fixture,
                                          KeyfobTestRun      *run,
                                          const char         *what,
                                          const char         *how);

G_END_DECLS
