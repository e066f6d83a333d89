/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "keyfob-process"

#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "keyfob-process.h"

/* The core-file limit this process was started with, for the commands it hands tokens to. */
static struct rlimit inherited_core_limit;
static gboolean core_limit_saved;

/**
 * keyfob_process_forbid_core_dumps:
 *
 * A crash must not write the tokens in memory to disk: no core file, whatever ulimit -c says,
 * and no core handed to a crash collector. Non-dumpable also keeps other processes of the same
 * user from attaching with ptrace or reading /proc/PID/mem. Call it first thing in main().
 * Both settings stay with this process: exec resets "dumpable", and
 * keyfob_process_restore_core_limit() gives a command the limit it would have had.
 */
void
keyfob_process_forbid_core_dumps (void)
{
  struct rlimit none;

  if (getrlimit (RLIMIT_CORE, &inherited_core_limit) == 0)
    core_limit_saved = TRUE;

  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  /* The soft limit only: lowering the hard one could not be undone for a command. */
  none.rlim_cur = 0;
  none.rlim_max = core_limit_saved ? inherited_core_limit.rlim_max : 0;
  setrlimit (RLIMIT_CORE, &none);
}

/* Just before exec'ing a user's command: it gets the core limit Keyfob was started with. */
void
keyfob_process_restore_core_limit (void)
{
  if (core_limit_saved)
    setrlimit (RLIMIT_CORE, &inherited_core_limit);
}
