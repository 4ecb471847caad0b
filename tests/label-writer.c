/* label-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helper for test-store's durability test: writes labels in a loop and
 * prints "ok N" after each committed write, until it is killed.  Label N
 * is chunk N % 3 of /durability/track-<N / 3>.mp3, labelled 1 + N % 3.
 */

#include "config.h"

#include <stdio.h>

#include "em-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: label-writer DATABASE\n");
      return 2;
    }

  if (!(store = em_store_open (argv[1], &error)))
    {
      fprintf (stderr, "label-writer: %s\n", error->message);
      return 1;
    }

  /* A bound keeps a runaway writer from filling the disk. */
  for (guint n = 0; n < 1000000; n++)
    {
      g_autofree char *track = g_strdup_printf ("/durability/track-%05u.mp3", n / 3);

      if (!em_store_set_label (store, track, n % 3, (EmLabel)(1 + n % 3), EM_LABEL_SOURCE_MANUAL, &error))
        {
          fprintf (stderr, "label-writer: %s\n", error->message);
          return 1;
        }
      printf ("ok %u\n", n);
      fflush (stdout);
    }

  return 0;
}
