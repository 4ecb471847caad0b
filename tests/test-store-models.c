/* test-store-models.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the trainer, the tagger and the pages read back from the store:
 * the labelled training set, models with one active, predictions per chunk,
 * and the track and chunk listings.
 */

#include "config.h"

#include <math.h>

#include "em-store.h"
#include "store-test-util.h"

typedef StoreTestDir Fixture;

static EmStore *
open_store (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;
  EmStore *store = em_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Track @path gets @n chunks; feature j of chunk i is seed + 10 i + j. */
static void
save_track (EmStore    *store,
            const char *path,
            guint       n,
            double      seed)
{
  g_autofree EmChunkRecord *chunks = g_new0 (EmChunkRecord, MAX (n, 1));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      chunks[i].idx = i;
      chunks[i].end_s = 10.0 * (n - i);
      chunks[i].start_s = MAX (0.0, chunks[i].end_s - 10.0);
      chunks[i].partial = i == n - 1 && n > 1;
      for (guint j = 0; j < EM_STORE_N_FEATURES; j++)
        chunks[i].features[j] = seed + 10.0 * i + j;
    }

  em_store_save_track (store, path, 100, 200, 10.0 * n, 22050, 1, 1, chunks, n, &error);
  g_assert_no_error (error);
}

static void
test_labelled_features (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree double *matrix = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GArray) idx = NULL;
  g_autoptr(GArray) labels = NULL;
  gsize n_rows = 0;

  save_track (store, "/t/b.mp3", 3, 100.0);
  save_track (store, "/t/a.mp3", 2, 0.0);
  em_store_set_label (store, "/t/b.mp3", 2, EM_LABEL_BOTH, EM_LABEL_SOURCE_MANUAL, &error);
  em_store_set_label (store, "/t/a.mp3", 1, EM_LABEL_MUSIC, EM_LABEL_SOURCE_MANUAL, &error);
  em_store_set_label (store, "/t/b.mp3", 0, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_MANUAL, &error);
  /* labels of chunks that were never scanned are not training rows */
  em_store_set_label (store, "/t/a.mp3", 9, EM_LABEL_MUSIC, EM_LABEL_SOURCE_MANUAL, &error);
  em_store_set_label (store, "/t/unscanned.mp3", 0, EM_LABEL_MUSIC, EM_LABEL_SOURCE_IMPORT, &error);
  g_assert_no_error (error);

  em_store_load_labelled_features (store, 1, &matrix, &n_rows, &paths, &idx, &labels, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, "/t/a.mp3");
  g_assert_cmpuint (g_array_index (idx, guint, 0), ==, 1);
  g_assert_cmpint (g_array_index (labels, EmLabel, 0), ==, EM_LABEL_MUSIC);
  g_assert_cmpfloat (matrix[0], ==, 10.0);
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, "/t/b.mp3");
  g_assert_cmpuint (g_array_index (idx, guint, 1), ==, 0);
  g_assert_cmpint (g_array_index (labels, EmLabel, 1), ==, EM_LABEL_DIALOGUE);
  g_assert_cmpfloat (matrix[EM_STORE_N_FEATURES + 1], ==, 101.0);
  g_assert_cmpuint (g_array_index (idx, guint, 2), ==, 2);
  g_assert_cmpint (g_array_index (labels, EmLabel, 2), ==, EM_LABEL_BOTH);
  g_assert_cmpfloat (matrix[2 * EM_STORE_N_FEATURES + 37], ==, 100.0 + 20.0 + 37.0);
}

static void
test_models (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(EmModelRecord) active = NULL;
  g_autoptr(EmModelRecord) first = NULL;
  g_autoptr(GPtrArray) models = NULL;
  gint64 id1, id2;

  active = em_store_load_model (store, 0, &error);
  g_assert_no_error (error);
  g_assert_null (active);

  id1 = em_store_save_model (store, "binary", 1, "{\"trees\": 1}", "{\"f1\": 0.9}", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id1, >, 0);
  id2 = em_store_save_model (store, "three-class", 1, "{\"trees\": 2}", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id2, >, id1);

  active = em_store_load_model (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (active->id, ==, id1);
  g_assert_cmpstr (active->mode, ==, "binary");
  g_assert_cmpstr (active->json, ==, "{\"trees\": 1}");
  g_assert_cmpstr (active->metrics, ==, "{\"f1\": 0.9}");
  g_assert_true (active->active);
  g_clear_pointer (&active, em_model_record_free);

  em_store_activate_model (store, id2, &error);
  g_assert_no_error (error);
  active = em_store_load_model (store, 0, &error);
  g_assert_cmpint (active->id, ==, id2);
  g_assert_null (active->metrics);
  first = em_store_load_model (store, id1, &error);
  g_assert_false (first->active);

  g_assert_false (em_store_activate_model (store, 999, &error));
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* the failed activation changed nothing */
  g_clear_pointer (&active, em_model_record_free);
  active = em_store_load_model (store, 0, &error);
  g_assert_cmpint (active->id, ==, id2);

  models = em_store_list_models (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  g_assert_cmpint (((EmModelRecord *)g_ptr_array_index (models, 0))->id, ==, id2);
}

static void
test_predictions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "library.db", NULL);
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  EmPrediction predictions[] = {
    { (char *)"/t/b.mp3", 1, EM_LABEL_DIALOGUE, 0.2, 0.7, 0.1 },
    { (char *)"/t/a.mp3", 0, EM_LABEL_MUSIC, 0.9, 0.1, NAN },
    { (char *)"/t/gone.mp3", 0, EM_LABEL_MUSIC, 0.9, 0.1, NAN },
    { (char *)"/t/b.mp3", 0, EM_LABEL_BOTH, 0.3, 0.3, 0.4 },
  };
  EmPrediction bad = { (char *)"/t/a.mp3", 0, EM_LABEL_NONE, 0, 0, 0 };
  guint n_saved = 0;
  gint64 model;
  const EmPrediction *p;

  save_track (store, "/t/a.mp3", 1, 0.0);
  save_track (store, "/t/b.mp3", 2, 0.0);
  model = em_store_save_model (store, "binary", 1, "{}", NULL, TRUE, &error);
  g_assert_no_error (error);

  em_store_save_predictions (store, model, predictions, G_N_ELEMENTS (predictions), &n_saved, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_saved, ==, 3);  /* gone.mp3 has no chunk */

  /* saving again replaces */
  predictions[0].label = EM_LABEL_MUSIC;
  em_store_save_predictions (store, model, predictions, 1, &n_saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (store_test_query_int (db, "SELECT count(*) FROM predictions"), ==, 3);

  g_assert_false (em_store_save_predictions (store, model, &bad, 1, NULL, &error));
  g_assert_error (error, EM_STORE_ERROR, EM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  loaded = em_store_load_predictions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  p = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (p->path, ==, "/t/a.mp3");
  g_assert_cmpint (p->label, ==, EM_LABEL_MUSIC);
  g_assert_cmpfloat (p->p_music, ==, 0.9);
  g_assert_true (isnan (p->p_both));
  p = g_ptr_array_index (loaded, 1);
  g_assert_cmpuint (p->chunk_idx, ==, 0);
  g_assert_cmpint (p->label, ==, EM_LABEL_BOTH);
  g_assert_cmpfloat (p->p_both, ==, 0.4);
  p = g_ptr_array_index (loaded, 2);
  g_assert_cmpuint (p->chunk_idx, ==, 1);
  g_assert_cmpint (p->label, ==, EM_LABEL_MUSIC);

  /* a rescan drops the predictions of the old chunks */
  save_track (store, "/t/b.mp3", 2, 5.0);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = em_store_load_predictions (store, model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);

  /* an unknown model has no predictions */
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = em_store_load_predictions (store, 12345, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 0);
}

static void
test_listings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EmStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(GArray) chunks = NULL;
  const EmTrackInfo *t;
  const EmChunkInfo *c;

  save_track (store, "/t/z.mp3", 3, 0.0);
  em_store_save_track_error (store, "/t/bad.mp3", 5, 6, "Cannot decode", &error);
  g_assert_no_error (error);
  em_store_set_label (store, "/t/z.mp3", 2, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_MANUAL, &error);
  em_store_set_label (store, "/t/z.mp3", 7, EM_LABEL_DIALOGUE, EM_LABEL_SOURCE_MANUAL, &error);
  g_assert_no_error (error);

  tracks = em_store_list_tracks (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tracks->len, ==, 2);
  t = g_ptr_array_index (tracks, 0);
  g_assert_cmpstr (t->path, ==, "/t/bad.mp3");
  g_assert_cmpstr (t->status, ==, "error");
  g_assert_cmpstr (t->error, ==, "Cannot decode");
  g_assert_true (isnan (t->duration_s));
  g_assert_cmpuint (t->n_chunks, ==, 0);
  t = g_ptr_array_index (tracks, 1);
  g_assert_cmpstr (t->status, ==, "ok");
  g_assert_null (t->error);
  g_assert_cmpfloat (t->duration_s, ==, 30.0);
  g_assert_cmpuint (t->native_rate, ==, 22050);
  g_assert_cmpuint (t->channels, ==, 1);
  g_assert_cmpuint (t->n_chunks, ==, 3);
  g_assert_cmpuint (t->n_labelled, ==, 1);

  chunks = em_store_list_chunks (store, "/t/z.mp3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chunks->len, ==, 3);
  c = &g_array_index (chunks, EmChunkInfo, 0);
  g_assert_cmpuint (c->idx, ==, 0);
  g_assert_cmpfloat (c->start_s, ==, 20.0);
  g_assert_cmpfloat (c->end_s, ==, 30.0);
  g_assert_false (c->partial);
  g_assert_cmpint (c->label, ==, EM_LABEL_NONE);
  c = &g_array_index (chunks, EmChunkInfo, 2);
  g_assert_true (c->partial);
  g_assert_cmpint (c->label, ==, EM_LABEL_DIALOGUE);

  g_clear_pointer (&chunks, g_array_unref);
  chunks = em_store_list_chunks (store, "/t/unknown.mp3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chunks->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/earmark/core/store-models/labelled-features", Fixture, NULL,
              store_test_dir_setup, test_labelled_features, store_test_dir_teardown);
  g_test_add ("/earmark/core/store-models/models", Fixture, NULL,
              store_test_dir_setup, test_models, store_test_dir_teardown);
  g_test_add ("/earmark/core/store-models/predictions", Fixture, NULL,
              store_test_dir_setup, test_predictions, store_test_dir_teardown);
  g_test_add ("/earmark/core/store-models/listings", Fixture, NULL,
              store_test_dir_setup, test_listings, store_test_dir_teardown);

  return g_test_run ();
}
