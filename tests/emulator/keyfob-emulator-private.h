/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "keyfob-emulator.h"

G_BEGIN_DECLS

/* The vendors the emulator answers as, told apart by the request path. */
typedef enum
{
  VENDOR_NONE = -1,
  VENDOR_PYLON,
  VENDOR_PUSHLY,
  VENDOR_CUTOVER,
  VENDOR_PULSETIC,
  N_VENDORS
} Vendor;

/* Here rather than in a .c: every part of the emulator counts into it. */
struct _KeyfobEmulator
{
  SoupServer *server;
  SoupServer *other;
  char       *url;
  char       *other_url;
  char       *last_path;
  GHashTable *tokens;       /* token → KeyfobEmulatorBehaviour */
  GHashTable *messages;     /* SoupServerMessages we watch, unowned */
  GHashTable *in_flight;    /* the subset whose request is open, unowned */
  GPtrArray  *held;         /* of Held: paused messages */
  GPtrArray  *streams;      /* of Stream: endless bodies being written */
  GHashTable *requests_for; /* token → how many requests carried it */
  guint       delay_ms;     /* of KEYFOB_EMULATOR_VALID_DELAYED */
  guint       n_requests;
  guint       max_in_flight;
  guint       n_other_requests;
  gboolean    other_saw_token;
  guint64     endless_written;
  guint       n_endless_closed;
};

/* keyfob-emulator-request.c */
Vendor      _keyfob_emulator_vendor_from_path       (const char              *path);
const char *_keyfob_emulator_token_from_request     (Vendor                   vendor,
                                                     SoupMessageHeaders      *headers);
gboolean    _keyfob_emulator_request_is_well_formed (Vendor                   vendor,
                                                     SoupMessageHeaders      *headers,
                                                     GHashTable              *query);

/* keyfob-emulator-answer.c */
void        _keyfob_emulator_server_cb              (SoupServer              *server,
                                                     SoupServerMessage       *msg,
                                                     const char              *path,
                                                     GHashTable              *query,
                                                     gpointer                 user_data);
void        _keyfob_emulator_other_server_cb        (SoupServer              *server,
                                                     SoupServerMessage       *msg,
                                                     const char              *path,
                                                     GHashTable              *query,
                                                     gpointer                 user_data);
void        _keyfob_emulator_held_free              (gpointer                 data);

/* keyfob-emulator-body.c */
void        _keyfob_emulator_stream_free            (gpointer                 data);
void        _keyfob_emulator_stall_body             (SoupServerMessage       *msg);
void        _keyfob_emulator_huge_body              (SoupServerMessage       *msg);
void        _keyfob_emulator_endless_body           (KeyfobEmulator          *self,
                                                     SoupServerMessage       *msg);

/* keyfob-emulator-hostile.c */
gboolean    _keyfob_emulator_is_hostile             (KeyfobEmulatorBehaviour  behaviour);
char       *_keyfob_emulator_hostile_reply          (Vendor                   vendor,
                                                     KeyfobEmulatorBehaviour  behaviour,
                                                     const char              *token,
                                                     guint                   *status,
                                                     const char             **retry_after);

G_END_DECLS
