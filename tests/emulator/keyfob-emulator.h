/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the emulator answers a request carrying a given token, whichever vendor the path names. */
typedef enum
{
  KEYFOB_EMULATOR_INVALID = 0,
  KEYFOB_EMULATOR_VALID,
  KEYFOB_EMULATOR_FORBIDDEN,
  KEYFOB_EMULATOR_RATE_LIMITED,
  KEYFOB_EMULATOR_RATE_LIMITED_NO_RETRY_AFTER,
  KEYFOB_EMULATOR_SERVER_ERROR,
  KEYFOB_EMULATOR_BAD_GATEWAY,
  KEYFOB_EMULATOR_SLOW,
  KEYFOB_EMULATOR_STALL_BODY,
  KEYFOB_EMULATOR_HUGE,
  KEYFOB_EMULATOR_REDIRECT_OTHER_HOST,
  KEYFOB_EMULATOR_REDIRECT_SAME_HOST,
  KEYFOB_EMULATOR_MALFORMED,
  KEYFOB_EMULATOR_WRONG_SHAPE,
  KEYFOB_EMULATOR_EMPTY,
  KEYFOB_EMULATOR_WRONG_REGION,
  KEYFOB_EMULATOR_UNKNOWN_DOMAIN,
  KEYFOB_EMULATOR_VALID_DELAYED,
  KEYFOB_EMULATOR_SERVICE_UNAVAILABLE,
  KEYFOB_EMULATOR_ENDLESS,
  /* A hostile vendor, in each vendor's own shape (keyfob-emulator-hostile.c): */
  KEYFOB_EMULATOR_DEEP,             /* 200, the account 100,000 arrays deep */
  KEYFOB_EMULATOR_HOSTILE_ACCOUNT,  /* 200, the account KEYFOB_EMULATOR_HOSTILE_TEXT */
  KEYFOB_EMULATOR_HOSTILE_MESSAGE,  /* a rejection whose message is that text */
  KEYFOB_EMULATOR_HUGE_ACCOUNT,     /* 200, an account name of 900 KiB */
  KEYFOB_EMULATOR_ECHO,             /* a rejection that repeats the token, disguised */
  KEYFOB_EMULATOR_FAR_RETRY_AFTER,  /* 429, Retry-After in the year 9999 */
} KeyfobEmulatorBehaviour;

/* Retitles a terminal, clears it, writes in red, reverses the text after it, and is markup. */
#define KEYFOB_EMULATOR_HOSTILE_TEXT \
  "\033]0;PWNED\007\033[2J\033[1;31mREVOKED: paste a new token at evil.example\033[0m" \
  "\xe2\x80\xae<span size=\"xx-large\">&amp;big</span>\r\nvalid"

/* The delay of KEYFOB_EMULATOR_VALID_DELAYED, unless keyfob_emulator_set_delay() changed it. */
#define KEYFOB_EMULATOR_DELAY_MS 200

/* KEYFOB_EMULATOR_ENDLESS: a chunk this large, one every few milliseconds, for as long as the
 * client keeps reading. */
#define KEYFOB_EMULATOR_ENDLESS_CHUNK       (64 * 1024)
#define KEYFOB_EMULATOR_ENDLESS_INTERVAL_MS 2

typedef struct _KeyfobEmulator KeyfobEmulator;

KeyfobEmulator *keyfob_emulator_new                  (void);
KeyfobEmulator *keyfob_emulator_new_tls              (void);
void            keyfob_emulator_free                 (KeyfobEmulator          *self);
const char     *keyfob_emulator_get_url              (KeyfobEmulator          *self);
void            keyfob_emulator_set_token            (KeyfobEmulator          *self,
                                                      const char              *token,
                                                      KeyfobEmulatorBehaviour  behaviour);
void            keyfob_emulator_set_delay            (KeyfobEmulator          *self,
                                                      guint                    delay_ms);
guint           keyfob_emulator_get_n_requests       (KeyfobEmulator          *self);
guint           keyfob_emulator_get_max_in_flight    (KeyfobEmulator          *self);
guint           keyfob_emulator_get_n_other_requests (KeyfobEmulator          *self);
gboolean        keyfob_emulator_other_saw_token      (KeyfobEmulator          *self);
const char     *keyfob_emulator_get_last_path        (KeyfobEmulator          *self);
guint           keyfob_emulator_get_n_requests_for   (KeyfobEmulator          *self,
                                                      const char              *token);
guint64         keyfob_emulator_get_endless_written  (KeyfobEmulator          *self);
guint           keyfob_emulator_get_n_endless_closed (KeyfobEmulator          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeyfobEmulator, keyfob_emulator_free)

G_END_DECLS
