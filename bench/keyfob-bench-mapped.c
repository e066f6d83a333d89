/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Waits for the first top-level window to be mapped on $DISPLAY and prints the
 * CLOCK_MONOTONIC time of the MapNotify (in microseconds, the clock g_get_monotonic_time()
 * and Python's time.monotonic() read), so bench/run can time a window without polling.
 * Prints "ready" once it listens: start the program under test after that.
 *
 *   keyfob-bench-mapped TIMEOUT_SECONDS */

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <X11/Xlib.h>

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int
main (int   argc,
      char *argv[])
{
  Display *display = XOpenDisplay (NULL);
  long long deadline;
  XEvent event;

  if (display == NULL)
    {
      fprintf (stderr, "keyfob-bench-mapped: cannot open the display\n");
      return 1;
    }

  deadline = now_us () + (argc > 1 ? atoll (argv[1]) : 30) * 1000000LL;
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);
  printf ("ready\n");
  fflush (stdout);

  while (now_us () < deadline)
    {
      struct pollfd fd = { ConnectionNumber (display), POLLIN, 0 };

      while (XPending (display))
        {
          XNextEvent (display, &event);
          if (event.type == MapNotify)
            {
              printf ("%lld\n", now_us ());
              return 0;
            }
        }
      poll (&fd, 1, 100);
    }

  return 3;
}
