/* analysis-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading the algorithm fixtures (raw little-endian binaries and
 * golden2k.json from EARMARK_SHARED_DIR/fixtures/algos) for the analysis
 * tests.
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

static inline char *
analysis_fixture_path (const char *name)
{
  const char *shared = g_getenv ("EARMARK_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, "fixtures", "algos", name, NULL);
}

/* Returns the file's bytes; asserts the size is n_items * item_size. */
static inline gpointer
analysis_fixture_load (const char *name,
                       gsize       item_size,
                       gsize       n_items)
{
  g_autofree char *path = analysis_fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, item_size * n_items);
  return contents;
}

/* Loads golden2k.json; the caller unrefs the parser. */
static inline JsonParser *
analysis_golden_json (void)
{
  g_autofree char *path = analysis_fixture_path ("golden2k.json");
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return parser;
}

/* Member @path ("a.b.c") of the root object. */
static inline JsonNode *
analysis_golden_node (JsonParser *parser,
                      const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = json_parser_get_root (parser);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonObject *obj = json_node_get_object (node);

      g_assert_true (json_object_has_member (obj, parts[i]));
      node = json_object_get_member (obj, parts[i]);
    }
  return node;
}

static inline double
analysis_golden_double (JsonParser *parser,
                        const char *path)
{
  return json_node_get_double (analysis_golden_node (parser, path));
}

/* Adjusted-Rand-free partition check: a and b are equal up to relabelling
 * iff the map a -> b is a bijection. */
static inline gboolean
analysis_same_partition (const int *a,
                         const int *b,
                         gsize      n)
{
  g_autoptr(GHashTable) ab = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) ba = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (gsize i = 0; i < n; i++)
    {
      gpointer ka = GINT_TO_POINTER (a[i] + 1000), kb = GINT_TO_POINTER (b[i] + 1000);
      gpointer va, vb;

      if (g_hash_table_lookup_extended (ab, ka, NULL, &va) && va != kb)
        return FALSE;
      if (g_hash_table_lookup_extended (ba, kb, NULL, &vb) && vb != ka)
        return FALSE;
      g_hash_table_insert (ab, ka, kb);
      g_hash_table_insert (ba, kb, ka);
    }
  return TRUE;
}
