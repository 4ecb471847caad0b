/* test-ml-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The machine-learning half of earmark-cli end to end, on 48 dev clips
 * (16 per class; 36 labelled for training, 12 held out): train, evaluate,
 * classify, tag (killed and resumed), export and queue.  The cases share
 * one library and run in order.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "em-ensemble.h"
#include "em-features.h"
#include "em-store.h"
#include "em-tagger.h"
#include "em-test-util.h"

#define PER_CLASS   16
#define HELD_OUT     4
#define N_CLIPS     (3 * PER_CLASS)
#define N_TRAIN     (3 * (PER_CLASS - HELD_OUT))

static const char * const classes[] = { "music", "dialogue", "both" };

typedef struct
{
  char       *tmp;
  char       *clips;
  char       *db;
  char       *train_csv;
  char       *held_csv;
  char       *model;
  GHashTable *train_files;   /* absolute paths of the labelled clips */
  GHashTable *held_files;    /* absolute paths of the held-out clips */
} Corpus;

static Corpus corpus;

static char *
tmp_path (const char *name)
{
  return g_build_filename (corpus.tmp, name, NULL);
}

static void
run_ok (const char * const *args,
        char              **out)
{
  g_autofree char *err = NULL;
  int status = em_test_run_cli (args, out, &err);

  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
}

/* Copies 16 clips per class of the dev corpus and writes the two labels
 * files (12 per class for training, 4 held out). */
static void
make_corpus (void)
{
  g_autofree char *dev = em_test_shared_path ("data", "dev", NULL);
  g_autofree char *labels = g_build_filename (dev, "labels.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) train = g_string_new ("file,label\n");
  g_autoptr(GString) held = g_string_new ("file,label\n");
  guint taken[3] = { 0 };

  g_assert_true (g_file_get_contents (labels, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", 2);
      g_autofree char *src = g_build_filename (dev, f[0], NULL);
      g_autofree char *base = g_path_get_basename (f[0]);
      g_autofree char *dst = g_build_filename (corpus.clips, base, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;
      guint c;

      for (c = 0; c < 3 && g_strcmp0 (f[1], classes[c]) != 0; c++)
        ;
      g_assert_cmpuint (c, <, 3);
      if (taken[c] == PER_CLASS)
        continue;
      g_assert_true (g_file_get_contents (src, &data, &length, NULL));
      g_assert_true (g_file_set_contents (dst, data, length, NULL));
      g_string_append_printf (taken[c] < PER_CLASS - HELD_OUT ? train : held, "clips/%s,%s\n", base, f[1]);
      g_hash_table_add (taken[c] < PER_CLASS - HELD_OUT ? corpus.train_files : corpus.held_files,
                        g_steal_pointer (&dst));
      taken[c]++;
    }
  g_assert_true (g_file_set_contents (corpus.train_csv, train->str, -1, NULL));
  g_assert_true (g_file_set_contents (corpus.held_csv, held->str, -1, NULL));
}

static void
set_up_corpus (void)
{
  const char *scan[] = { "scan", "--library", NULL, NULL, NULL };
  const char *import[] = { "labels", "import", "--library", NULL, NULL, NULL };

  corpus.tmp = g_dir_make_tmp ("earmark-ml-cli-XXXXXX", NULL);
  corpus.clips = tmp_path ("clips");
  corpus.db = tmp_path ("library.db");
  corpus.train_csv = tmp_path ("train.csv");
  corpus.held_csv = tmp_path ("held.csv");
  corpus.model = tmp_path ("model.json");
  corpus.train_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  corpus.held_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpint (g_mkdir (corpus.clips, 0755), ==, 0);
  make_corpus ();

  /* Reproducible model files: the training date is pinned. */
  g_setenv ("SOURCE_DATE_EPOCH", "1764000000", TRUE);

  scan[2] = corpus.db;
  scan[3] = corpus.clips;
  run_ok (scan, NULL);
  import[3] = corpus.db;
  import[4] = corpus.train_csv;
  run_ok (import, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
tear_down_corpus (void)
{
  remove_tree (corpus.tmp);
  g_free (corpus.tmp);
  g_free (corpus.clips);
  g_free (corpus.db);
  g_free (corpus.train_csv);
  g_free (corpus.held_csv);
  g_free (corpus.model);
  g_hash_table_unref (corpus.train_files);
  g_hash_table_unref (corpus.held_files);
}

/* Data lines of CSV output, after any "# " notes and the header. */
static GPtrArray *
csv_rows (const char *text,
          const char *header)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  guint i = 0;

  while (lines[i] != NULL && g_str_has_prefix (lines[i], "# "))
    i++;
  g_assert_nonnull (lines[i]);
  g_assert_cmpstr (lines[i], ==, header);
  for (i++; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));

  return rows;
}

static void
check_queue (const char * const *args,
             guint               expected,
             gboolean            diverse,
             const char         *model_note)
{
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) clusters = g_hash_table_new (g_str_hash, g_str_equal);

  run_ok (args, &out);
  g_assert_true (g_str_has_prefix (out, "# model: "));
  g_assert_nonnull (strstr (out, model_note));
  rows = csv_rows (out, "rank,file,chunk,start_s,end_s,score,predicted,cluster");
  g_assert_cmpuint (rows->len, ==, expected);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (f), ==, 8);
      g_assert_cmpint (atoi (f[0]), ==, i + 1);
      /* Never a labelled chunk: every row is a held-out clip, once. */
      g_assert_false (g_hash_table_contains (corpus.train_files, f[1]));
      g_assert_true (g_hash_table_contains (corpus.held_files, f[1]));
      g_assert_true (g_hash_table_add (seen, f[1]));
      g_assert_cmpstr (f[2], ==, "0");
      if (i > 0 && !diverse)
        g_assert_cmpfloat (g_ascii_strtod (f[5], NULL), <=,
                           g_ascii_strtod (((char **)g_ptr_array_index (rows, i - 1))[5], NULL));
      g_hash_table_add (clusters, f[7]);
    }
  /* --diverse: one chunk per cluster while clusters last. */
  if (diverse)
    g_assert_cmpuint (g_hash_table_size (clusters), ==, expected);
}

static void
test_queue_without_model (void)
{
  const char *few[] = { "queue", "--library", corpus.db, "-n", "5", NULL };
  const char *all[] = { "queue", "--library", corpus.db, "-n", "100", "--strategy", "margin", "--diverse", NULL };
  const char *note = "no active model: a three-class model trained now on the library’s 36 labelled chunks";

  check_queue (few, 5, FALSE, note);
  /* More wanted than unlabelled: all of them, each its own cluster. */
  check_queue (all, 3 * HELD_OUT, TRUE, note);
}

static double
report_value (const char *report,
              const char *prefix)
{
  const char *at = strstr (report, prefix);

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (prefix), NULL);
}

static void
test_train_labels (void)
{
  const char *args[] = { "train", "--labels", corpus.train_csv, "--cv", "3", "--seed", "5",
                         "-o", corpus.model, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmEnsemble) model = NULL;

  run_ok (args, &out);
  g_assert_nonnull (strstr (out, "Training set: 36 labelled chunks (music 12, dialogue 12, both 12), three-class"));
  g_assert_nonnull (strstr (out, "3-fold stratified cross-validation (seed 5), three-class, 36 labelled rows"));
  g_assert_nonnull (strstr (out, "macro avg"));
  g_assert_nonnull (strstr (out, "Confusion matrix"));
  g_assert_nonnull (strstr (out, "Fold accuracy:"));
  g_assert_true (strstr (out, "Possible label mistakes (") != NULL ||
                 strstr (out, "No possible label mistakes") != NULL);
  /* 36 clips are few (measured 0.639 on the dev clips chosen here); the
   * corpus-wide floor is in test-ml. */
  g_assert_cmpfloat (report_value (out, "Mean fold accuracy "), >=, 0.55);

  model = em_ensemble_load (corpus.model, EM_FEATURE_SET_VERSION, &error);
  g_assert_no_error (error);
  g_assert_cmpint (em_ensemble_get_mode (model), ==, EM_ENSEMBLE_MODE_THREE_CLASS);
  g_assert_cmpuint (em_ensemble_get_n_features (model), ==, EM_STORE_N_FEATURES);
}

/* Report lines without those naming the output file and the library's
 * model id. */
static char *
strip_model_id (const char *report)
{
  g_auto(GStrv) lines = g_strsplit (report, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "Saved in the library as model ") &&
        !g_str_has_prefix (lines[i], "Model written to "))
      g_string_append_printf (out, "%s\n", lines[i]);

  return g_string_free (out, FALSE);
}

static void
test_train_same_seed (void)
{
  g_autofree char *a = tmp_path ("a.json");
  g_autofree char *b = tmp_path ("b.json");
  g_autofree char *binary = tmp_path ("binary.json");
  const char *first[] = { "train", "--library", corpus.db, "--cv", "2", "--seed", "9", "-o", a, NULL };
  const char *second[] = { "train", "--library", corpus.db, "--cv", "2", "--seed", "9", "-o", b, NULL };
  const char *bin[] = { "train", "--library", corpus.db, "--mode", "binary", "--cv", "2", "-o", binary, NULL };
  g_autofree char *out_a = NULL, *out_b = NULL, *out_bin = NULL;
  g_autofree char *text_a = NULL, *text_b = NULL;
  g_autofree char *report_a = NULL, *report_b = NULL;

  run_ok (first, &out_a);
  run_ok (second, &out_b);
  g_assert_nonnull (strstr (out_a, "now the active model"));
  g_assert_true (g_file_get_contents (a, &text_a, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &text_b, NULL, NULL));
  g_assert_cmpstr (text_a, ==, text_b);
  report_a = strip_model_id (out_a);
  report_b = strip_model_id (out_b);
  g_assert_cmpstr (report_a, ==, report_b);

  run_ok (bin, &out_bin);
  g_assert_nonnull (strstr (out_bin, "(dialogue 12, music 24), binary"));
  g_assert_nonnull (strstr (out_bin, "ROC AUC (contains music) "));
}

static GStrv
split_words (const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);

  return (GStrv)g_ptr_array_free (words, FALSE);
}

/* The report's rows: per class "name precision recall f1 support", then
 * accuracy and the averages, whose last column is the support. */
static void
test_evaluate (void)
{
  const char *args[] = { "evaluate", "--model", corpus.model, "--labels", corpus.held_csv, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  run_ok (args, &out);
  g_assert_nonnull (strstr (out, "Evaluation set: 12 labelled chunks (music 4, dialogue 4, both 4)"));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = split_words (lines[i]);
      guint n = g_strv_length (words);
      const char *last = n > 0 ? words[n - 1] : "";

      for (guint c = 0; c < 3; c++)
        if (n == 5 && g_strcmp0 (words[0], classes[c]) == 0)
          {
            g_assert_cmpstr (last, ==, "4");
            checked++;
          }
      if (n > 0 && (g_strcmp0 (words[0], "accuracy") == 0 || g_strcmp0 (words[0], "macro") == 0 ||
                    g_strcmp0 (words[0], "weighted") == 0))
        {
          g_assert_cmpstr (last, ==, "12");
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 6);
  g_assert_nonnull (strstr (out, "Confusion matrix"));
}

static void
check_classify_row (char          **f,
                    EmEnsembleMode  mode)
{
  double p_music = g_ascii_strtod (f[5], NULL);
  double p_dialogue = g_ascii_strtod (f[6], NULL);

  g_assert_cmpuint (g_strv_length (f), ==, 8);
  g_assert_cmpfloat (g_ascii_strtod (f[3], NULL), >, g_ascii_strtod (f[2], NULL));
  if (mode == EM_ENSEMBLE_MODE_BINARY)
    {
      g_assert_cmpstr (f[7], ==, "");
      g_assert_cmpfloat_with_epsilon (p_music + p_dialogue, 1.0, 1e-6);
      g_assert_cmpstr (f[4], ==, p_music >= 0.5 ? "music" : "dialogue");
    }
  else
    {
      double p_both = g_ascii_strtod (f[7], NULL);
      const char *best = p_music >= p_dialogue && p_music >= p_both ? "music"
                         : p_dialogue >= p_both ? "dialogue" : "both";

      g_assert_cmpfloat_with_epsilon (p_music + p_dialogue + p_both, 1.0, 1e-6);
      g_assert_cmpstr (f[4], ==, best);
    }
}

static void
test_classify (void)
{
  g_autofree char *bad = em_test_shared_path ("data", "bad", NULL);
  g_autofree char *episode = em_test_shared_path ("data", "dev", "episodes", "episode-07.mp3", NULL);
  g_autofree char *binary = tmp_path ("binary.json");
  g_autofree char *csv = tmp_path ("classify.csv");
  GHashTableIter iter;
  const char *clip = NULL;
  const char *header = "file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both";
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) all_rows = NULL;
  g_autoptr(GPtrArray) bin_rows = NULL;

  g_hash_table_iter_init (&iter, corpus.held_files);
  g_hash_table_iter_next (&iter, (gpointer *)&clip, NULL);

  {
    const char *args[] = { "classify", "--model", corpus.model, (char *)clip, bad, NULL };
    const char *failing[] = { "zero-byte.mp3", "not-audio.mp3", "random-bytes.mp3" };
    const char *valid[] = { "short-1.5s.mp3", "silence-10s.mp3", "Émission spéciale – 01.mp3" };

    g_assert_cmpint (em_test_run_cli (args, &out, &err), ==, 1);
    rows = csv_rows (out, header);
    /* The clip first (input order), then at least the valid files of bad/. */
    g_assert_cmpuint (rows->len, >=, 4);
    g_assert_cmpstr (((char **)g_ptr_array_index (rows, 0))[0], ==, clip);
    for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
      {
        g_autofree char *needle = g_strdup_printf ("\n%s/%s,0,", bad, valid[i]);
        g_assert_nonnull (strstr (out, needle));
      }
    for (guint i = 0; i < rows->len; i++)
      {
        check_classify_row (g_ptr_array_index (rows, i), EM_ENSEMBLE_MODE_THREE_CLASS);
        g_assert_cmpstr (((char **)g_ptr_array_index (rows, i))[1], ==, "0");
      }
    for (guint i = 0; i < G_N_ELEMENTS (failing); i++)
      {
        g_autofree char *needle = g_strdup_printf ("earmark-cli: %s/%s: ", bad, failing[i]);
        g_assert_nonnull (strstr (err, needle));
        g_assert_null (strstr (out, failing[i]));
      }
  }

  {
    const char *args[] = { "classify", "--model", corpus.model, "--chunks", "all", "-o", csv, episode, NULL };

    run_ok (args, NULL);
    g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
    all_rows = csv_rows (text, header);
    g_assert_cmpuint (all_rows->len, ==, 7);   /* 62.8 s */
    for (guint i = 0; i < all_rows->len; i++)
      {
        char **f = g_ptr_array_index (all_rows, i);

        check_classify_row (f, EM_ENSEMBLE_MODE_THREE_CLASS);
        g_assert_cmpint (atoi (f[1]), ==, i);
        if (i > 0)
          g_assert_cmpfloat (g_ascii_strtod (f[3], NULL), ==,
                             g_ascii_strtod (((char **)g_ptr_array_index (all_rows, i - 1))[2], NULL));
      }
  }

  {
    const char *args[] = { "classify", "--model", binary, (char *)clip, NULL };
    g_autofree char *bin_out = NULL;

    run_ok (args, &bin_out);
    bin_rows = csv_rows (bin_out, header);
    g_assert_cmpuint (bin_rows->len, ==, 1);
    check_classify_row (g_ptr_array_index (bin_rows, 0), EM_ENSEMBLE_MODE_BINARY);
  }
}

static void
test_damaged_model (void)
{
  g_autofree char *text = NULL;
  g_autofree char *truncated = tmp_path ("truncated.json");
  g_autofree char *other = tmp_path ("other-version.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *clip = g_build_filename (corpus.clips, "clip-0001.mp3", NULL);
  const char *damaged[] = { "classify", "--model", truncated, clip, NULL };
  const char *mismatch[] = { "classify", "--model", other, clip, NULL };
  const char *evaluate[] = { "evaluate", "--model", truncated, "--library", corpus.db, NULL };
  g_autofree char *out = NULL, *err = NULL, *err2 = NULL, *err3 = NULL;
  g_autofree char *prefix = g_strdup_printf ("earmark-cli: %s: ", truncated);
  gsize length = 0;

  g_assert_true (g_file_get_contents (corpus.model, &text, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, text, length / 2, NULL));
  g_assert_cmpint (em_test_run_cli (damaged, &out, &err), ==, 3);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_nonnull (strstr (err, "not a usable Earmark model"));
  g_assert_cmpint (em_test_run_cli (evaluate, NULL, &err3), ==, 3);
  g_assert_true (g_str_has_prefix (err3, prefix));

  g_assert_true (json_parser_load_from_data (parser, text, length, NULL));
  json_object_set_int_member (json_node_get_object (json_parser_get_root (parser)),
                              "feature_set_version", EM_FEATURE_SET_VERSION + 1);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, other, NULL));
  g_assert_cmpint (em_test_run_cli (mismatch, NULL, &err2), ==, 3);
  g_assert_nonnull (strstr (err2, other));
  g_assert_nonnull (strstr (err2, "feature-set version"));
}

static GPtrArray *
load_predictions (guint *n_chunks)
{
  g_autoptr(EmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  EmStoreCounts counts = { 0 };
  GPtrArray *predictions;

  store = em_store_open (corpus.db, &error);
  g_assert_no_error (error);
  predictions = em_store_load_predictions (store, 0, &error);
  g_assert_no_error (error);
  em_store_get_counts (store, &counts, &error);
  g_assert_no_error (error);
  if (n_chunks != NULL)
    *n_chunks = counts.chunks;

  return predictions;
}

/* Starts a slow tag (3 chunks per batch, 300 ms apart), kills it with
 * SIGKILL once some batches are saved; returns how many were. */
static guint
tag_and_kill (void)
{
  const char *argv[] = { g_getenv ("EARMARK_CLI"), "tag", "--model", corpus.model, "--library", corpus.db,
                         "--batch-size", "3", "--pause-ms", "300", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  for (guint waited = 0; n < 3 && waited < 120000; waited += 50)
    {
      g_autoptr(GPtrArray) predictions = NULL;

      g_usleep (50 * 1000);
      predictions = load_predictions (NULL);
      n = predictions->len;
    }
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (proc));

  {
    g_autoptr(GPtrArray) predictions = load_predictions (NULL);
    return predictions->len;
  }
}

static void
test_tag_killed_resumes (void)
{
  const char *args[] = { "tag", "--model", corpus.model, "--library", corpus.db, NULL };
  g_autoptr(GPtrArray) predictions = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  guint partial, n_chunks = 0;

  partial = tag_and_kill ();
  g_assert_cmpuint (partial, >, 0);
  g_assert_cmpuint (partial, <, N_CLIPS);
  g_assert_cmpuint (partial % 3, ==, 0);   /* whole batches only */

  run_ok (args, &out);
  expected = g_strdup_printf ("%u chunks in the library: %u tagged now, %u already tagged by this model",
                              N_CLIPS, N_CLIPS - partial, partial);
  g_assert_nonnull (strstr (out, expected));
  g_assert_nonnull (strstr (out, "Tracks: 48, ending with music: "));

  predictions = load_predictions (&n_chunks);
  g_assert_cmpuint (n_chunks, ==, N_CLIPS);
  g_assert_cmpuint (predictions->len, ==, n_chunks);
  for (guint i = 0; i < predictions->len; i++)
    {
      const EmPrediction *p = g_ptr_array_index (predictions, i);
      g_assert_true (g_hash_table_add (keys, g_strdup_printf ("%u:%s", p->chunk_idx, p->path)));
    }
}

/* The playlist's entries must be exactly the CSV rows of its class, in
 * the same order. */
static void
check_playlist (const char  *folder,
                const char  *klass,
                GPtrArray   *rows,
                gboolean     relative)
{
  g_autofree char *name = g_strdup_printf ("%s.m3u", klass);
  g_autofree char *file = g_build_filename (folder, name, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint line = 1;

  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "#EXTM3U");
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      g_autofree char *base = NULL;
      g_autofree char *extinf = NULL;
      g_autofree char *resolved = NULL;

      if (g_strcmp0 (f[4], klass) != 0)
        continue;
      base = g_path_get_basename (f[0]);
      extinf = g_strdup_printf ("#EXTINF:10,%s, chunk 0 (0.0-10.0 s)", base);
      g_assert_cmpstr (lines[line], ==, extinf);
      g_assert_cmpint (g_path_is_absolute (lines[line + 1]), ==, !relative);
      resolved = g_canonicalize_filename (lines[line + 1], folder);
      g_assert_cmpstr (resolved, ==, f[0]);
      line += 2;
    }
  g_assert_cmpstr (lines[line], ==, "");
  g_assert_null (lines[line + 1]);
}

static void
check_json (const char *file,
            GPtrArray  *rows)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *tracks;

  json_parser_load_from_file (parser, file, &error);
  g_assert_no_error (error);
  tracks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks");
  g_assert_cmpuint (json_array_get_length (tracks), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      JsonObject *track = json_array_get_object_element (tracks, i);
      JsonObject *chunk = json_array_get_object_element (json_object_get_array_member (track, "chunks"), 0);
      const char *names[] = { "p_music", "p_dialogue", "p_both" };

      g_assert_cmpstr (json_object_get_string_member (track, "file"), ==, f[0]);
      g_assert_cmpint (json_object_get_boolean_member (track, "has_outro_music"), ==,
                       g_strcmp0 (f[8], "true") == 0);
      g_assert_cmpstr (json_object_get_string_member (chunk, "label"), ==, f[4]);
      for (guint p = 0; p < G_N_ELEMENTS (names); p++)
        g_assert_cmpfloat (json_object_get_double_member (chunk, names[p]), ==, g_ascii_strtod (f[5 + p], NULL));
    }
}

static void
test_export (void)
{
  g_autofree char *relative = tmp_path ("playlists");
  g_autofree char *absolute = tmp_path ("playlists-abs");
  g_autofree char *csv = tmp_path ("export.csv");
  g_autofree char *json = tmp_path ("export.json");
  const char *args[] = { "export", "--library", corpus.db, "--playlists", relative, "--relative",
                         "--csv", csv, "--json", json, NULL };
  const char *abs_args[] = { "export", "--library", corpus.db, "--playlists", absolute, NULL };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  run_ok (args, NULL);
  run_ok (abs_args, NULL);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  rows = csv_rows (text, "file,chunk,start_s,end_s,label,p_music,p_dialogue,p_both,has_outro_music,music_start_s");
  g_assert_cmpuint (rows->len, ==, N_CLIPS);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      gboolean music = g_strcmp0 (f[4], "music") == 0 || g_strcmp0 (f[4], "both") == 0;

      g_assert_cmpuint (g_strv_length (f), ==, 10);
      g_assert_true (i == 0 || g_strcmp0 (((char **)g_ptr_array_index (rows, i - 1))[0], f[0]) < 0);
      /* One chunk per clip: the verdict is that chunk's class. */
      g_assert_cmpstr (f[8], ==, music ? "true" : "false");
      g_assert_cmpstr (f[9], ==, music ? "0" : "");
    }
  for (guint c = 0; c < 3; c++)
    {
      check_playlist (relative, classes[c], rows, TRUE);
      check_playlist (absolute, classes[c], rows, FALSE);
    }
  check_json (json, rows);
}

static void
test_queue_with_model (void)
{
  const char *args[] = { "queue", "--library", corpus.db, "-n", "6", "--strategy", "disagreement",
                         "--diverse", NULL };

  check_queue (args, 6, TRUE, "the library’s active model");
}

typedef struct
{
  GMainLoop    *loop;
  EmJob        *job;
  EmTagSummary *summary;
  GError       *error;
  gint64        cancelled_at;
  gint64        finished_at;
} AsyncTag;

static void
tag_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncTag *tag = user_data;

  tag->finished_at = g_get_monotonic_time ();
  tag->summary = em_tagger_run_finish (EM_STORE (source), result, &tag->error);
  g_main_loop_quit (tag->loop);
}

/* Cancels once the first batches are saved, during a 5-s pause. */
static gboolean
cancel_when_started_cb (gpointer user_data)
{
  AsyncTag *tag = user_data;
  guint64 done = 0, total = 0;

  em_job_get_counts (tag->job, &done, &total);
  if (done < 2)
    return G_SOURCE_CONTINUE;

  g_usleep (100 * 1000);
  tag->cancelled_at = g_get_monotonic_time ();
  em_job_cancel (tag->job);
  return G_SOURCE_REMOVE;
}

/* The library job itself: cancel takes effect within 200 ms, the saved
 * batches stay, and a second run does only the rest. */
static void
test_tag_async_cancel (void)
{
  g_autofree char *binary = tmp_path ("binary.json");
  g_autoptr(EmStore) store = NULL;
  g_autoptr(EmEnsemble) model = NULL;
  g_autoptr(EmTagSummary) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = em_job_new ("tag");
  AsyncTag tag = { g_main_loop_new (NULL, FALSE), job, NULL, NULL, 0, 0 };
  EmTagOptions options = { 2, 5000, 1 };
  gboolean existed = FALSE;
  gint64 id;

  store = em_store_open (corpus.db, &error);
  g_assert_no_error (error);
  model = em_ensemble_load (binary, EM_FEATURE_SET_VERSION, &error);
  g_assert_no_error (error);
  id = em_tagger_add_model (store, model, FALSE, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);   /* train --library saved it */

  em_tagger_run_async (store, model, id, &options, job, tag_done_cb, &tag);
  g_timeout_add (10, cancel_when_started_cb, &tag);
  g_main_loop_run (tag.loop);
  g_main_loop_unref (tag.loop);

  g_assert_null (tag.summary);
  g_assert_error (tag.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&tag.error);
  g_test_message ("cancel took %.1f ms", (tag.finished_at - tag.cancelled_at) / 1e3);
  g_assert_cmpint (tag.finished_at - tag.cancelled_at, <, 200 * 1000);

  rest = em_tagger_run (store, model, id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->n_existing, ==, 2);
  g_assert_cmpuint (rest->n_predicted, ==, N_CLIPS - 2);
  g_assert_cmpuint (rest->n_per_label[EM_LABEL_MUSIC] + rest->n_per_label[EM_LABEL_DIALOGUE], ==, N_CLIPS);
  g_assert_cmpuint (rest->n_per_label[EM_LABEL_BOTH], ==, 0);
  g_assert_cmpuint (rest->outros->len, ==, N_CLIPS);
  g_assert_cmpuint (rest->n_tracks_outro, ==, rest->n_per_label[EM_LABEL_MUSIC]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/earmark/core/ml-cli/queue-without-model", test_queue_without_model);
  g_test_add_func ("/earmark/core/ml-cli/train-labels", test_train_labels);
  g_test_add_func ("/earmark/core/ml-cli/train-same-seed", test_train_same_seed);
  g_test_add_func ("/earmark/core/ml-cli/evaluate", test_evaluate);
  g_test_add_func ("/earmark/core/ml-cli/classify", test_classify);
  g_test_add_func ("/earmark/core/ml-cli/damaged-model", test_damaged_model);
  g_test_add_func ("/earmark/core/ml-cli/tag-killed-resumes", test_tag_killed_resumes);
  g_test_add_func ("/earmark/core/ml-cli/export", test_export);
  g_test_add_func ("/earmark/core/ml-cli/queue-with-model", test_queue_with_model);
  g_test_add_func ("/earmark/core/ml-cli/tag-async-cancel", test_tag_async_cancel);

  set_up_corpus ();
  status = g_test_run ();
  tear_down_corpus ();

  return status;
}
