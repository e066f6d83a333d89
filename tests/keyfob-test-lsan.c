/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE  /* dl_iterate_phdr () */

#include "config.h"

/* GLib 2.74 replaces its array of quarks when a process makes its 2049th quark, and drops the
 * old one on purpose: lookups take no lock, so it can never be freed. GLib 2.76 tells
 * LeakSanitizer so (g_ignore_leak ()); 2.74 does not, and a long UI test fails on that 16 KiB
 * block, reported with no stack a suppression could name. Linked into a test under the
 * sanitizers, this finds GLib's pointer to its first array before anything can replace it,
 * and tells LeakSanitizer to ignore that block, and only that block. */

#if defined(__SANITIZE_ADDRESS__)

#include <link.h>
#include <string.h>

#include <glib.h>
#include <sanitizer/lsan_interface.h>

/* In every sanitizer runtime, declared in LLVM's sanitizer/allocator_interface.h, which GCC
 * does not ship. */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);

#define QUARK_BLOCK_SIZE 2048  /* glib/gquark.c */

typedef struct
{
  const char *first_quark;
  gboolean    ignored;
} Search;

/* GLib's pointer lives in its writable segment: a word there pointing at the start of a heap
 * block of that size, whose slot 1 holds quark 1's string, is it. */
static int
search_glib_cb (struct dl_phdr_info *info,
                size_t               size,
                void                *data)
{
  Search *search = data;

  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "/libglib-2.0.so") == NULL)
    return 0;

  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *segment = &info->dlpi_phdr[i];
      const char *const *const *word;
      const char *const *const *end;

      if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) == 0)
        continue;

      word = (const char *const *const *) (info->dlpi_addr + segment->p_vaddr);
      end = word + segment->p_memsz / sizeof *word;
      for (; word < end; word++)
        {
          const char *const *array = *word;

          if (__sanitizer_get_ownership (array) &&
              __sanitizer_get_allocated_size (array) == QUARK_BLOCK_SIZE * sizeof (char *) &&
              array[1] == search->first_quark)
            {
              __lsan_ignore_object (array);
              search->ignored = TRUE;
            }
        }
    }

  return 1;
}

__attribute__ ((constructor)) static void
ignore_glib_first_quark_array (void)
{
  Search search = { g_quark_to_string (1), FALSE };

  if (search.first_quark != NULL)
    dl_iterate_phdr (search_glib_cb, &search);
}

#endif
