/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

gboolean _keyfob_emulator_is_hostile    (KeyfobEmulatorBehaviour   behaviour);
char    *_keyfob_emulator_hostile_reply (Vendor                    vendor,
                                         KeyfobEmulatorBehaviour   behaviour,
                                         const char               *token,
                                         guint                    *status,
                                         const char              **retry_after);

G_END_DECLS
