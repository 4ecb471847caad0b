/* em-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the end-to-end tests: locating the shared corpus and
 * running earmark-cli.
 */

#pragma once

#include <gio/gio.h>
#include <string.h>

/* Path below the shared corpus/fixtures folder beside the checkout. */
static inline char *
em_test_shared_path (const char *first, ...)
{
  const char *root = g_getenv ("EARMARK_SHARED_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer)root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

/* Runs earmark-cli with @args (NULL-terminated); returns its exit status. */
static inline int
em_test_run_cli (const char * const  *args,
                 char               **out,
                 char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("EARMARK_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  /* g_strndup() of an empty GBytes would give NULL, not "". */
  if (out != NULL)
    *out = g_strdup_printf ("%.*s", (int)g_bytes_get_size (out_bytes),
                            (const char *)g_bytes_get_data (out_bytes, NULL));
  if (err != NULL)
    *err = g_strdup_printf ("%.*s", (int)g_bytes_get_size (err_bytes),
                            (const char *)g_bytes_get_data (err_bytes, NULL));

  return g_subprocess_get_exit_status (proc);
}

static inline guint
em_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;

  return n;
}
