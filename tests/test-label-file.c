/* test-label-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Labels files without a store: the dev labels.json/labels.csv, relative
 * path resolution, RFC 4180 CSV details, UTF-8 round trips and errors
 * that name the line or entry.
 */

#include "config.h"

#include "em-label-file.h"
#include "store-test-util.h"

typedef StoreTestDir Fixture;

static GPtrArray *
parse (const char        *text,
       EmLabelFileFormat  format,
       const char        *base_dir,
       GError           **error)
{
  return em_label_file_parse (text, strlen (text), format, base_dir, "test-input", error);
}

static const EmLabelEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  g_assert_cmpuint (i, <, entries->len);
  return g_ptr_array_index (entries, i);
}

static void
test_label_strings (void)
{
  EmLabel label = EM_LABEL_NONE;
  EmLabelSource source = EM_LABEL_SOURCE_MANUAL;

  g_assert_cmpstr (em_label_to_string (EM_LABEL_MUSIC), ==, "music");
  g_assert_cmpstr (em_label_to_string (EM_LABEL_DIALOGUE), ==, "dialogue");
  g_assert_cmpstr (em_label_to_string (EM_LABEL_BOTH), ==, "both");
  g_assert_cmpstr (em_label_to_string (EM_LABEL_NONE), ==, "none");
  g_assert_cmpstr (em_label_to_string ((EmLabel)42), ==, "none");

  g_assert_true (em_label_from_string ("dialogue", &label));
  g_assert_cmpint (label, ==, EM_LABEL_DIALOGUE);
  g_assert_true (em_label_from_string ("Both", &label));
  g_assert_cmpint (label, ==, EM_LABEL_BOTH);
  g_assert_false (em_label_from_string ("speech", &label));
  g_assert_false (em_label_from_string (NULL, &label));
  g_assert_false (em_label_from_string ("", &label));

  g_assert_cmpstr (em_label_source_to_string (EM_LABEL_SOURCE_CLUSTER), ==, "cluster");
  g_assert_true (em_label_source_from_string ("import", &source));
  g_assert_cmpint (source, ==, EM_LABEL_SOURCE_IMPORT);
  g_assert_false (em_label_source_from_string ("robot", &source));
}

static void
test_dev_files (void)
{
  g_autofree char *json_file = store_test_dev_file ("labels.json");
  g_autofree char *csv_file = store_test_dev_file ("labels.csv");
  g_autofree char *dev_dir = g_path_get_dirname (json_file);
  g_autofree char *first = g_canonicalize_filename ("clips/clip-0001.mp3", dev_dir);
  g_autoptr(GPtrArray) from_json = NULL;
  g_autoptr(GPtrArray) from_csv = NULL;
  g_autoptr(GError) error = NULL;
  guint per_class[EM_N_LABELS] = { 0 };

  from_json = em_label_file_read (json_file, &error);
  g_assert_no_error (error);
  from_csv = em_label_file_read (csv_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_json->len, ==, 360);
  g_assert_cmpuint (from_csv->len, ==, 360);

  g_assert_cmpstr (entry_at (from_json, 0)->path, ==, first);
  g_assert_cmpint (entry_at (from_json, 0)->label, ==, EM_LABEL_DIALOGUE);
  g_assert_cmpint (entry_at (from_json, 1)->label, ==, EM_LABEL_MUSIC);

  for (guint i = 0; i < 360; i++)
    {
      const EmLabelEntry *j = entry_at (from_json, i);
      const EmLabelEntry *c = entry_at (from_csv, i);

      /* both files say the same, in the same order */
      g_assert_cmpstr (j->path, ==, c->path);
      g_assert_cmpint (j->label, ==, c->label);
      g_assert_true (g_path_is_absolute (j->path));
      g_assert_true (g_file_test (j->path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpuint (j->chunk_idx, ==, 0);
      g_assert_cmpuint (c->chunk_idx, ==, 0);
      g_assert_cmpint (j->source, ==, EM_LABEL_SOURCE_IMPORT);
      g_assert_cmpint (j->label, !=, EM_LABEL_NONE);
      per_class[j->label]++;
    }

  /* all three classes are present in the dev set */
  g_assert_cmpuint (per_class[EM_LABEL_MUSIC], >, 0);
  g_assert_cmpuint (per_class[EM_LABEL_DIALOGUE], >, 0);
  g_assert_cmpuint (per_class[EM_LABEL_BOTH], >, 0);
  g_assert_cmpuint (per_class[EM_LABEL_MUSIC] + per_class[EM_LABEL_DIALOGUE] + per_class[EM_LABEL_BOTH], ==, 360);
}

static void
test_relative_paths (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "lists", NULL);
  g_autofree char *file = g_build_filename (sub, "labels.csv", NULL);
  g_autofree char *expected0 = g_build_filename (f->dir, "clips", "a b.mp3", NULL);
  g_autofree char *expected1 = g_build_filename (sub, "x.mp3", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file,
                                      "file,label,chunk\n"
                                      "../clips/a b.mp3,music,\n"
                                      "./x.mp3,both,4\n"
                                      "/abs/./y/../z.mp3,dialogue,0\n"
                                      "file:///srv/r%C3%A9seau/e.mp3,music,1\n", -1, NULL));

  entries = em_label_file_read (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);
  g_assert_cmpstr (entry_at (entries, 0)->path, ==, expected0);
  g_assert_cmpuint (entry_at (entries, 0)->chunk_idx, ==, 0);
  g_assert_cmpstr (entry_at (entries, 1)->path, ==, expected1);
  g_assert_cmpuint (entry_at (entries, 1)->chunk_idx, ==, 4);
  g_assert_cmpstr (entry_at (entries, 2)->path, ==, "/abs/z.mp3");
  g_assert_cmpstr (entry_at (entries, 3)->path, ==, "/srv/réseau/e.mp3");
  g_assert_cmpuint (entry_at (entries, 3)->chunk_idx, ==, 1);
}

static void
test_csv_rfc4180 (void)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  /* BOM, CRLF, columns in another order and case, an extra column, quoted
   * commas, doubled quotes, a newline inside a field, blank lines */
  const char *text =
    "\xef\xbb\xbf" "Label,notes,FILE,chunk\r\n"
    "music,\"first, with comma\",\"Émission – «été».mp3\",2\r\n"
    "\r\n"
    "dialogue,plain,\"say \"\"hi\"\".mp3\",\r\n"
    " both ,\"two\nlines\",\"multi\nline name.mp3\",  10 \n"
    "music,,/abs/last.mp3,0";

  entries = parse (text, EM_LABEL_FILE_CSV, "/base", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);

  g_assert_cmpstr (entry_at (entries, 0)->path, ==, "/base/Émission – «été».mp3");
  g_assert_cmpint (entry_at (entries, 0)->label, ==, EM_LABEL_MUSIC);
  g_assert_cmpuint (entry_at (entries, 0)->chunk_idx, ==, 2);
  g_assert_cmpstr (entry_at (entries, 1)->path, ==, "/base/say \"hi\".mp3");
  g_assert_cmpint (entry_at (entries, 1)->label, ==, EM_LABEL_DIALOGUE);
  g_assert_cmpuint (entry_at (entries, 1)->chunk_idx, ==, 0);
  g_assert_cmpstr (entry_at (entries, 2)->path, ==, "/base/multi\nline name.mp3");
  g_assert_cmpint (entry_at (entries, 2)->label, ==, EM_LABEL_BOTH);
  g_assert_cmpuint (entry_at (entries, 2)->chunk_idx, ==, 10);
  g_assert_cmpstr (entry_at (entries, 3)->path, ==, "/abs/last.mp3");
}

typedef struct
{
  EmLabelFileFormat  format;
  const char        *text;
  const char        *expected;
} BadInput;

static const BadInput bad_inputs[] = {
  /* line numbers count physical lines, including those inside quotes */
  { EM_LABEL_FILE_CSV, "file,label\n\"a\nb.mp3\",music\nc.mp3,musique\n", "test-input”, line 4: unknown label “musique”" },
  { EM_LABEL_FILE_CSV, "file,label\r\na.mp3,\r\n", "line 2: unknown label “”" },
  { EM_LABEL_FILE_CSV, "file,label\na.mp3,none\n", "line 2: unknown label “none”" },
  { EM_LABEL_FILE_CSV, "name,label\na.mp3,music\n", "line 1: missing column “file”" },
  { EM_LABEL_FILE_CSV, "file,label,chunk\na.mp3,music,x\n", "line 2: chunk “x”" },
  { EM_LABEL_FILE_CSV, "file,label,chunk\na.mp3,music,-3\n", "line 2: chunk “-3”" },
  { EM_LABEL_FILE_CSV, "file,label\n,music\n", "line 2: the file name is empty" },
  { EM_LABEL_FILE_CSV, "file,label\n\"a.mp3\"x,music\n", "line 2: unexpected text after a closing quote" },
  { EM_LABEL_FILE_CSV, "file,label\na.mp3,music,extra\n", "line 2: found 3 fields, but the header has 2" },
  { EM_LABEL_FILE_JSON, "[]x", "not valid JSON" },
  { EM_LABEL_FILE_JSON, "[{\"file\": \"a\", \"label\": \"music\"}, 3]", "entry at index 1: not an object" },
  { EM_LABEL_FILE_JSON, "[{\"file\": \"a\", \"label\": 1}]", "entry at index 0: “label” must be a string" },
  { EM_LABEL_FILE_JSON, "[{\"file\": \"a\"}]", "entry at index 0: missing key “label”" },
  { EM_LABEL_FILE_JSON, "[{\"file\": \"a\", \"label\": \"music\", \"chunk\": \"2\"}]",
    "entry at index 0: “chunk” must be a non-negative integer" },
  { EM_LABEL_FILE_JSON, "[{\"file\": \"a\", \"label\": \"music\", \"chunk\": 1.5}]",
    "entry at index 0: “chunk” must be a non-negative integer" },
  { EM_LABEL_FILE_CSV, "file,label\nb\xff.mp3,music\n", "not UTF-8" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GError) error = NULL;

      entries = parse (bad_inputs[i].text, bad_inputs[i].format, "/base", &error);
      if (entries != NULL)
        g_error ("case %u was accepted", i);
      g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_PARSE);
      g_test_message ("%s", error->message);
      if (strstr (error->message, bad_inputs[i].expected) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, bad_inputs[i].expected);
    }
}

static void
test_json_details (void)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *text =
    "[{\"file\": \"a.mp3\", \"label\": \"MUSIC\", \"speaker\": {\"name\": \"x\"}, \"snr_db\": null},"
    " {\"file\": \"b.mp3\", \"label\": \"both\", \"chunk\": 7},"
    " {\"file\": \"c.mp3\", \"label\": \"dialogue\", \"chunk\": null}]";

  entries = parse (text, EM_LABEL_FILE_JSON, "/base/dir", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (entry_at (entries, 0)->path, ==, "/base/dir/a.mp3");
  g_assert_cmpint (entry_at (entries, 0)->label, ==, EM_LABEL_MUSIC);
  g_assert_cmpuint (entry_at (entries, 1)->chunk_idx, ==, 7);
  g_assert_cmpuint (entry_at (entries, 2)->chunk_idx, ==, 0);

  /* an empty array is a valid, empty file */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = parse (" [ ] ", EM_LABEL_FILE_JSON, "/base", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  static const char *paths[] = {
    "/home/zoë/Radio – «Émissions»/épisode 01, partie 2.mp3",
    "/srv/a \"quoted\" name.ogg",
    "/srv/two\nlines.flac",
    "/srv/ leading and trailing space .mp3",
    "/srv/plain-name_with-dashes.wav",
  };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_entry_free);
  const char *names[] = { "out.json", "out.csv", "weird-name.Json" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_ptr_array_add (entries, em_label_entry_new (paths[i], i * 3, (EmLabel)(1 + i % 3),
                                                  EM_LABEL_SOURCE_MANUAL));

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *file = g_build_filename (f->dir, names[n], NULL);
      g_autoptr(GPtrArray) back = NULL;
      g_autoptr(GError) error = NULL;

      em_label_file_write (file, entries, &error);
      g_assert_no_error (error);
      back = em_label_file_read (file, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->len, ==, entries->len);
      for (guint i = 0; i < entries->len; i++)
        {
          g_assert_cmpstr (entry_at (back, i)->path, ==, entry_at (entries, i)->path);
          g_assert_cmpuint (entry_at (back, i)->chunk_idx, ==, entry_at (entries, i)->chunk_idx);
          g_assert_cmpint (entry_at (back, i)->label, ==, entry_at (entries, i)->label);
        }
    }
}

static void
test_sniff_and_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "labels.txt", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "nope.json", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  /* a file without a known extension is sniffed */
  g_assert_true (g_file_set_contents (file, "\n  [{\"file\": \"a.mp3\", \"label\": \"both\"}]", -1, NULL));
  entries = em_label_file_read (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_clear_pointer (&entries, g_ptr_array_unref);

  g_assert_true (g_file_set_contents (file, "file,label\na.mp3,both\n", -1, NULL));
  entries = em_label_file_read (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);

  g_assert_null (em_label_file_read (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (em_label_file_write (file, entries, &error));
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/core/label-file/label-strings", test_label_strings);
  g_test_add_func ("/earmark/core/label-file/dev-files", test_dev_files);
  g_test_add ("/earmark/core/label-file/relative-paths", Fixture, NULL,
              store_test_dir_setup, test_relative_paths, store_test_dir_teardown);
  g_test_add_func ("/earmark/core/label-file/csv-rfc4180", test_csv_rfc4180);
  g_test_add_func ("/earmark/core/label-file/errors", test_errors);
  g_test_add_func ("/earmark/core/label-file/json-details", test_json_details);
  g_test_add ("/earmark/core/label-file/round-trip", Fixture, NULL,
              store_test_dir_setup, test_round_trip, store_test_dir_teardown);
  g_test_add ("/earmark/core/label-file/sniff-and-missing", Fixture, NULL,
              store_test_dir_setup, test_sniff_and_missing, store_test_dir_teardown);

  return g_test_run ();
}
