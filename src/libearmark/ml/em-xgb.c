/* em-xgb.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XGBoost glue: DMatrix creation, training one member, prediction into
 * double probabilities, and JSON (de)serialisation of a booster.
 *
 * XGBoost keeps its global configuration (verbosity) and its random engine
 * per thread, so every thread that calls into it runs
 * _em_xgb_init_thread() first, and every booster reseeds per iteration
 * (seed_per_iteration) so that a fit gives the same trees whichever
 * worker thread runs it.
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "em-ml-error.h"
#include "em-xgb-private.h"

static GPrivate thread_ready;

void
_em_xgb_init_thread (void)
{
  if (g_private_get (&thread_ready) != NULL)
    return;

  /* Silence XGBoost's own stderr warnings; errors still come back
   * through XGBGetLastError(). */
  XGBSetGlobalConfig ("{\"verbosity\": 0}");
  g_private_set (&thread_ready, GINT_TO_POINTER (1));
}

gboolean
_em_xgb_check (int          rc,
               const char  *what,
               GError     **error)
{
  if (rc == 0)
    return TRUE;

  g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_XGBOOST,
               "XGBoost failed in %s: %s", what, XGBGetLastError ());
  return FALSE;
}

DMatrixHandle
_em_xgb_dmatrix_new (const float  *x,
                     gsize         n,
                     gsize         d,
                     const float  *labels,
                     const float  *weights,
                     GError      **error)
{
  DMatrixHandle dm = NULL;

  _em_xgb_init_thread ();

  if (!_em_xgb_check (XGDMatrixCreateFromMat_omp (x, n, d, NAN, &dm, 1),
                      "creating a data matrix", error))
    return NULL;

  if ((labels != NULL &&
       !_em_xgb_check (XGDMatrixSetFloatInfo (dm, "label", labels, n),
                       "setting labels", error)) ||
      (weights != NULL &&
       !_em_xgb_check (XGDMatrixSetFloatInfo (dm, "weight", weights, n),
                       "setting sample weights", error)))
    {
      XGDMatrixFree (dm);
      return NULL;
    }

  return dm;
}

static gboolean
set_param (BoosterHandle   booster,
           const char     *name,
           const char     *value,
           GError        **error)
{
  g_autofree char *what = g_strdup_printf ("setting parameter %s=%s", name, value);

  return _em_xgb_check (XGBoosterSetParam (booster, name, value), what, error);
}

static gboolean
set_param_double (BoosterHandle   booster,
                  const char     *name,
                  double          value,
                  GError        **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return set_param (booster, name, g_ascii_dtostr (buf, sizeof buf, value), error);
}

static gboolean
set_param_uint (BoosterHandle   booster,
                const char     *name,
                guint64         value,
                GError        **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  return set_param (booster, name, buf, error);
}

static gboolean
configure (BoosterHandle    booster,
           const EmXgbSpec *spec,
           GError         **error)
{
  gboolean binary = spec->n_classes == 2;

  return set_param (booster, "booster", "gbtree", error) &&
         set_param (booster, "tree_method", "hist", error) &&
         set_param (booster, "nthread", "1", error) &&
         set_param (booster, "verbosity", "0", error) &&
         set_param (booster, "seed_per_iteration", "1", error) &&
         set_param_uint (booster, "seed", spec->seed, error) &&
         set_param (booster, "objective", binary ? "binary:logistic" : "multi:softprob", error) &&
         (binary || set_param_uint (booster, "num_class", spec->n_classes, error)) &&
         set_param (booster, "base_score", "0.5", error) &&
         set_param_uint (booster, "num_parallel_tree", MAX (spec->num_parallel_tree, 1), error) &&
         set_param_uint (booster, "max_depth", spec->max_depth, error) &&
         set_param_uint (booster, "max_bin", spec->max_bin, error) &&
         set_param_double (booster, "eta", spec->learning_rate, error) &&
         set_param_double (booster, "subsample", spec->subsample, error) &&
         set_param_double (booster, "colsample_bynode", spec->colsample_bynode, error) &&
         set_param_double (booster, "colsample_bytree", spec->colsample_bytree, error) &&
         set_param_double (booster, "min_child_weight", spec->min_child_weight, error) &&
         set_param_double (booster, "lambda", spec->reg_lambda, error);
}

/* Trains one booster; checks for cancellation between rounds.  Progress is
 * reported by the callers, which know how this fit fits in the whole. */
BoosterHandle
_em_xgb_train (DMatrixHandle     dtrain,
               const EmXgbSpec  *spec,
               EmJob            *job,
               GError          **error)
{
  BoosterHandle booster = NULL;

  _em_xgb_init_thread ();

  if (!_em_xgb_check (XGBoosterCreate (&dtrain, 1, &booster), "creating a booster", error))
    return NULL;

  if (!configure (booster, spec, error))
    goto failed;

  for (guint round = 0; round < spec->n_rounds; round++)
    {
      if (em_job_is_cancelled (job))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Training was cancelled");
          goto failed;
        }

      if (!_em_xgb_check (XGBoosterUpdateOneIter (booster, (int)round, dtrain),
                          "a boosting round", error))
        goto failed;
    }

  return booster;

failed:
  XGBoosterFree (booster);
  return NULL;
}

/* Writes n × n_classes probabilities; a binary booster's single column
 * P(class 1) becomes the pair (1 − p, p). */
gboolean
_em_xgb_predict (BoosterHandle   booster,
                 DMatrixHandle   data,
                 gsize           n,
                 guint           n_classes,
                 double         *proba,
                 GError        **error)
{
  static const char config[] =
    "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
    "\"iteration_end\": 0, \"strict_shape\": true}";
  const bst_ulong *shape = NULL;
  const float *out = NULL;
  bst_ulong dim = 0;
  guint out_cols = n_classes == 2 ? 1 : n_classes;

  _em_xgb_init_thread ();

  if (!_em_xgb_check (XGBoosterPredictFromDMatrix (booster, data, config, &shape, &dim, &out),
                      "prediction", error))
    return FALSE;

  if (dim != 2 || shape[0] != n || shape[1] != out_cols)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_XGBOOST,
                   "XGBoost returned predictions of an unexpected shape "
                   "(expected %" G_GSIZE_FORMAT " × %u)", n, out_cols);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (n_classes == 2)
        {
          proba[2 * i] = 1.0 - (double)out[i];
          proba[2 * i + 1] = (double)out[i];
        }
      else
        {
          for (guint c = 0; c < n_classes; c++)
            proba[i * n_classes + c] = (double)out[i * n_classes + c];
        }
    }

  return TRUE;
}

char *
_em_xgb_save_json (BoosterHandle   booster,
                   gsize          *length,
                   GError        **error)
{
  const char *buf = NULL;
  bst_ulong len = 0;

  _em_xgb_init_thread ();

  if (!_em_xgb_check (XGBoosterSaveModelToBuffer (booster, "{\"format\": \"json\"}", &len, &buf),
                      "saving a model", error))
    return NULL;

  *length = len;
  return g_strndup (buf, len);
}

/* A booster configures itself lazily on first use; do it here, on one
 * thread, before blocks of rows are predicted concurrently. */
static gboolean
warm_up (BoosterHandle   booster,
         guint           n_classes,
         GError        **error)
{
  static const char config[] =
    "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
    "\"iteration_end\": 0, \"strict_shape\": true}";
  bst_ulong n_features = 0, dim = 0;
  const bst_ulong *shape = NULL;
  const float *out = NULL;
  g_autofree float *row = NULL;
  DMatrixHandle dm;
  gboolean ok;

  if (!_em_xgb_check (XGBoosterGetNumFeature (booster, &n_features), "reading a member", error))
    return FALSE;
  if (n_features == 0 || n_features > 100000)
    return _em_xgb_check (-1, "reading a member (no features)", error);

  row = g_new0 (float, n_features);
  if ((dm = _em_xgb_dmatrix_new (row, 1, n_features, NULL, NULL, error)) == NULL)
    return FALSE;
  ok = _em_xgb_check (XGBoosterPredictFromDMatrix (booster, dm, config, &shape, &dim, &out),
                      "a first prediction", error);
  XGDMatrixFree (dm);

  /* A member of another objective or class count is a damaged model. */
  if (ok && (dim != 2 || shape[1] != (n_classes == 2 ? 1 : n_classes)))
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_XGBOOST,
                   "the member does not predict %u classes", n_classes);
      return FALSE;
    }

  return ok;
}

BoosterHandle
_em_xgb_load_json (const char  *json,
                   gsize        length,
                   guint        n_classes,
                   GError     **error)
{
  BoosterHandle booster = NULL;

  _em_xgb_init_thread ();

  if (!_em_xgb_check (XGBoosterCreate (NULL, 0, &booster), "creating a booster", error))
    return NULL;

  if (!_em_xgb_check (XGBoosterLoadModelFromBuffer (booster, json, length),
                      "loading a member model", error) ||
      !_em_xgb_check (XGBoosterSetParam (booster, "nthread", "1"), "setting nthread", error) ||
      !warm_up (booster, n_classes, error))
    {
      XGBoosterFree (booster);
      return NULL;
    }

  return booster;
}
