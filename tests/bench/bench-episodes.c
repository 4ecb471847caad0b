/* bench-episodes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The track-level verdict on ../shared/data/dev/episodes: the ensemble is
 * trained on the 360 dev clips (default parameters, three-class and
 * binary), every chunk of the 12 episodes is classified, and "has outro
 * music" is compared with episodes.json (target ≥ 11 of 12), with the
 * last 1 and the last 2 chunks deciding.  Also prints the chunk accuracy
 * on the episodes, where the music starts against the truth, and the
 * classify speed (decode + features + prediction, 2 threads) as ×
 * realtime over the dev clips (target ≥ 300×).  Asserts nothing.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "em-ensemble.h"
#include "em-file-batch.h"
#include "em-file-features.h"
#include "em-metrics.h"
#include "em-track-verdict.h"

typedef struct
{
  EmFeatureExtractor *extractor;
  GPtrArray          *results;   /* EmFileFeatures per file, in order */
  double              audio_s;
  double              cpu_s;
} Batch;

static gpointer
compute (const char    *path,
         gpointer       user_data,
         GCancellable  *cancellable,
         GError       **error)
{
  Batch *batch = user_data;

  return em_file_features_compute (batch->extractor, path, 10.0, 0, cancellable, error);
}

static void
deliver (guint         index,
         const char   *path,
         gpointer      result,
         const GError *error,
         gpointer      user_data)
{
  Batch *batch = user_data;
  EmFileFeatures *features = result;
  EmFileFeatures *copy = NULL;

  if (error != NULL)
    g_printerr ("%s: %s\n", path, error->message);
  else
    {
      copy = g_new0 (EmFileFeatures, 1);
      *copy = *features;
      copy->chunks = g_memdup2 (features->chunks, features->n_chunks * sizeof (EmChunkRecord));
      copy->warning = NULL;
      batch->audio_s += features->duration_s;
    }
  g_ptr_array_add (batch->results, copy);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Features of every file on 2 threads; returns the wall time and keeps
 * the CPU time, the load-independent figure on a shared machine. */
static double
compute_all (GPtrArray *paths,
             Batch     *batch)
{
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();
  g_autoptr(GError) error = NULL;

  batch->results = g_ptr_array_new_with_free_func ((GDestroyNotify)em_file_features_free);
  if (!em_file_batch_run (paths, 2, compute, (GDestroyNotify)em_file_features_free, deliver, batch, NULL, &error))
    g_error ("%s", error->message);

  batch->cpu_s = cpu_seconds () - cpu;
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
print_cpu (const Batch *batch)
{
  g_print ("  %.2f CPU-s: %.0f× realtime per CPU-second, so about %.0f× on 2 idle cores\n",
           batch->cpu_s, batch->audio_s / batch->cpu_s, 2 * batch->audio_s / batch->cpu_s);
}

static guint8
class_of (const char *label)
{
  return g_strcmp0 (label, "music") == 0 ? EM_ML_CLASS_MUSIC
         : g_strcmp0 (label, "dialogue") == 0 ? EM_ML_CLASS_DIALOGUE : EM_ML_CLASS_BOTH;
}

static EmEnsemble *
train (const double   *x,
       gsize           n,
       const guint8   *y3,
       EmEnsembleMode  mode)
{
  g_autofree guint8 *y = g_memdup2 (y3, n);
  g_autoptr(GError) error = NULL;
  EmEnsembleParams params;
  gint64 start = g_get_monotonic_time ();
  EmEnsemble *model;

  if (mode == EM_ENSEMBLE_MODE_BINARY)
    em_ml_labels_to_binary (y3, n, y);
  em_ensemble_params_init (&params);
  if (!(model = em_ensemble_train (x, n, EM_STORE_N_FEATURES, y, mode, &params, EM_FEATURE_SET_VERSION, NULL, &error)))
    g_error ("%s", error->message);
  g_print ("Training (%s, default parameters, %zu clips): %.2f s\n",
           em_ensemble_mode_to_string (mode), n, (g_get_monotonic_time () - start) / 1e6);

  return model;
}

static void
load_clips (const char  *dev,
            double     **x,
            guint8     **y,
            gsize       *n)
{
  g_autofree char *labels_path = g_build_filename (dev, "labels.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = em_label_file_read (labels_path, &error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  Batch batch = { em_feature_extractor_new (), NULL, 0, 0 };
  double wall;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (paths, ((EmLabelEntry *)g_ptr_array_index (entries, i))->path);

  /* What `earmark-cli classify` does per file, minus the prediction. */
  wall = compute_all (paths, &batch);
  g_print ("Dev clips: %u files, %.1f s of audio; decode + 38 features on 2 threads %.2f s = %.0f× realtime\n",
           paths->len, batch.audio_s, wall, batch.audio_s / wall);
  print_cpu (&batch);

  *x = g_new (double, entries->len * EM_STORE_N_FEATURES);
  *y = g_new (guint8, entries->len);
  *n = 0;
  for (guint i = 0; i < entries->len; i++)
    {
      const EmLabelEntry *entry = g_ptr_array_index (entries, i);
      const EmFileFeatures *f = g_ptr_array_index (batch.results, i);

      if (f == NULL || entry->chunk_idx >= f->n_chunks)
        continue;
      memcpy (*x + *n * EM_STORE_N_FEATURES, f->chunks[entry->chunk_idx].features,
              EM_STORE_N_FEATURES * sizeof (double));
      (*y)[(*n)++] = class_of (em_label_to_string (entry->label));
    }
  g_ptr_array_unref (batch.results);
  em_feature_extractor_free (batch.extractor);
}

static void
bench_predict_speed (EmEnsemble   *model,
                     const double *x,
                     gsize         n)
{
  g_autofree double *proba = g_new (double, n * 3);
  gint64 start = g_get_monotonic_time ();

  em_ensemble_predict (model, x, n, proba, NULL);
  g_print ("Prediction of the %zu dev clips' chunks: %.1f ms\n", n, (g_get_monotonic_time () - start) / 1e3);
}

typedef struct
{
  guint right[2];       /* "has outro music" right, outro_chunks = 1, 2 */
  gsize chunks_right;
  gsize chunks;
} Score;

static void
judge_episode (EmEnsemble           *model,
               const EmFileFeatures *f,
               JsonObject           *truth,
               Score                *score)
{
  EmEnsembleMode mode = em_ensemble_get_mode (model);
  guint k = em_ensemble_get_n_classes (model);
  g_autofree double *x = g_new (double, f->n_chunks * EM_STORE_N_FEATURES);
  g_autofree double *proba = g_new (double, f->n_chunks * k);
  g_autofree double *start_s = g_new (double, f->n_chunks);
  JsonArray *chunks = json_object_get_array_member (truth, "chunks");
  gboolean has_outro = json_object_get_boolean_member (truth, "has_outro_music");
  double true_start = json_object_get_null_member (truth, "outro_start_s") ? NAN
                      : json_object_get_double_member (truth, "outro_start_s");
  EmTrackVerdict verdict[2];

  for (guint c = 0; c < f->n_chunks; c++)
    {
      memcpy (x + c * EM_STORE_N_FEATURES, f->chunks[c].features, EM_STORE_N_FEATURES * sizeof (double));
      start_s[c] = f->chunks[c].start_s;
    }
  em_ensemble_predict (model, x, f->n_chunks, proba, NULL);

  for (guint c = 0; c < MIN (f->n_chunks, json_array_get_length (chunks)); c++)
    {
      JsonObject *chunk = json_array_get_object_element (chunks, c);
      guint8 truth_class = class_of (json_object_get_string_member (chunk, "label"));
      gboolean truth_music = truth_class != EM_ML_CLASS_DIALOGUE;

      score->chunks++;
      if (mode == EM_ENSEMBLE_MODE_BINARY)
        score->chunks_right += em_chunk_contains_music (proba + c * k, mode) == truth_music;
      else
        score->chunks_right += em_metrics_argmax (proba + c * k, k) == truth_class;
    }

  for (guint o = 0; o < 2; o++)
    {
      em_track_verdict_compute (proba, f->n_chunks, mode, o + 1, start_s, &verdict[o], NULL);
      score->right[o] += verdict[o].has_outro_music == has_outro;
    }

  g_print ("  %-16s %-5s %8.1f   %-5s %8.1f   %-5s %8.1f\n",
           json_object_get_string_member (truth, "file") + strlen ("episodes/"),
           has_outro ? "yes" : "no", true_start,
           verdict[0].has_outro_music ? "yes" : "no", verdict[0].music_start_s,
           verdict[1].has_outro_music ? "yes" : "no", verdict[1].music_start_s);
}

static void
bench_episodes (const char *dev,
                EmEnsemble *model,
                JsonArray  *episodes,
                GPtrArray  *features)
{
  Score score = { { 0, 0 }, 0, 0 };
  guint n = json_array_get_length (episodes);

  g_print ("\n%s model on the episodes (truth | last chunk decides | last 2 chunks decide):\n",
           em_ensemble_mode_to_string (em_ensemble_get_mode (model)));
  g_print ("  %-16s %-5s %8s   %-5s %8s   %-5s %8s\n", "episode", "outro", "start_s",
           "outro", "start_s", "outro", "start_s");
  for (guint i = 0; i < n; i++)
    {
      const EmFileFeatures *f = g_ptr_array_index (features, i);

      if (f != NULL)
        judge_episode (model, f, json_array_get_object_element (episodes, i), &score);
    }
  g_print ("  has outro music right: %u/%u (last chunk), %u/%u (last 2 chunks); target ≥ 11/12\n",
           score.right[0], n, score.right[1], n);
  g_print ("  chunk accuracy on the episodes: %zu/%zu = %.3f\n", score.chunks_right, score.chunks,
           (double)score.chunks_right / MAX (score.chunks, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dev = g_build_filename (g_getenv ("EARMARK_SHARED_DIR"), "data", "dev", NULL);
  g_autofree char *episodes_json = g_build_filename (dev, "episodes.json", NULL);
  g_autofree char *loadavg = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EmEnsemble) three = NULL;
  g_autoptr(EmEnsemble) binary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *x = NULL;
  g_autofree guint8 *y = NULL;
  Batch batch = { NULL, NULL, 0, 0 };
  JsonArray *episodes;
  double wall;
  gsize n = 0;

  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  g_print ("Load average at start: %s", loadavg ? loadavg : "?\n");

  load_clips (dev, &x, &y, &n);
  three = train (x, n, y, EM_ENSEMBLE_MODE_THREE_CLASS);
  binary = train (x, n, y, EM_ENSEMBLE_MODE_BINARY);
  bench_predict_speed (three, x, n);

  if (!json_parser_load_from_file (parser, episodes_json, &error))
    g_error ("%s", error->message);
  episodes = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (episodes); i++)
    g_ptr_array_add (paths, g_build_filename (dev, json_object_get_string_member (
                                                json_array_get_object_element (episodes, i), "file"), NULL));

  batch.extractor = em_feature_extractor_new ();
  wall = compute_all (paths, &batch);
  g_print ("Episodes: %u files, %.1f s of audio, every chunk: decode + features on 2 threads %.2f s = %.0f× realtime\n",
           paths->len, batch.audio_s, wall, batch.audio_s / wall);
  print_cpu (&batch);

  bench_episodes (dev, three, episodes, batch.results);
  bench_episodes (dev, binary, episodes, batch.results);

  g_ptr_array_unref (batch.results);
  em_feature_extractor_free (batch.extractor);
  g_free (loadavg);
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  g_print ("Load average at end: %s", loadavg ? loadavg : "?\n");

  return 0;
}
