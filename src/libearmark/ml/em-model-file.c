/* em-model-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model document: one JSON object holding everything an ensemble
 * needs to predict, with each member as XGBoost's own JSON model object.
 *
 *   {
 *     "format": "earmark-model", "version": 1,
 *     "mode": "three-class" | "binary",
 *     "classes": ["music", "dialogue", "both"],
 *     "feature_set_version": 1, "n_features": 38,
 *     "feature_names": ["mfcc1", …],
 *     "standardisation": { "mean": [...], "std": [...] },
 *     "weights": { "rf": 1, "gb": 2 },
 *     "members": { "rf": { XGBoost JSON }, "gb": { XGBoost JSON } },
 *     "params": { "rf_n_trees": 200, … },
 *     "metrics": { … },
 *     "trained_at": "2026-11-25T07:00:00Z"
 *   }
 *
 * Doubles go through json-glib, which prints them with 17 significant
 * digits, so the standardisation and every split threshold read back to
 * the same value and a loaded model predicts bit-identically.
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "em-ensemble-private.h"

#define MODEL_FORMAT  "earmark-model"
#define MODEL_VERSION 1

static JsonNode *
member_to_node (BoosterHandle   booster,
                GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *json = NULL;
  gsize length = 0;

  if ((json = _em_xgb_save_json (booster, &length, error)) == NULL)
    return NULL;

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
doubles_to_node (const double *values,
                 gsize         n)
{
  JsonArray *array = json_array_sized_new (n);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (gsize i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  json_node_take_array (node, array);

  return node;
}

static JsonNode *
params_to_node (const EmEnsembleParams *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rf_n_trees"); json_builder_add_int_value (b, p->rf_n_trees);
  json_builder_set_member_name (b, "rf_max_depth"); json_builder_add_int_value (b, p->rf_max_depth);
  json_builder_set_member_name (b, "rf_subsample"); json_builder_add_double_value (b, p->rf_subsample);
  json_builder_set_member_name (b, "rf_colsample_bynode"); json_builder_add_double_value (b, p->rf_colsample_bynode);
  json_builder_set_member_name (b, "rf_min_child_weight"); json_builder_add_double_value (b, p->rf_min_child_weight);
  json_builder_set_member_name (b, "gb_n_rounds"); json_builder_add_int_value (b, p->gb_n_rounds);
  json_builder_set_member_name (b, "gb_max_depth"); json_builder_add_int_value (b, p->gb_max_depth);
  json_builder_set_member_name (b, "gb_learning_rate"); json_builder_add_double_value (b, p->gb_learning_rate);
  json_builder_set_member_name (b, "gb_subsample"); json_builder_add_double_value (b, p->gb_subsample);
  json_builder_set_member_name (b, "gb_colsample_bytree"); json_builder_add_double_value (b, p->gb_colsample_bytree);
  json_builder_set_member_name (b, "gb_min_child_weight"); json_builder_add_double_value (b, p->gb_min_child_weight);
  json_builder_set_member_name (b, "balance_classes"); json_builder_add_boolean_value (b, p->balance_classes);
  json_builder_set_member_name (b, "max_bin"); json_builder_add_int_value (b, p->max_bin);
  json_builder_set_member_name (b, "seed"); json_builder_add_int_value (b, p->seed);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static JsonNode *
strings_to_node (EmEnsemble *self)
{
  JsonArray *names = json_array_sized_new (self->n_features);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (gsize j = 0; j < self->n_features; j++)
    {
      if (self->feature_names != NULL)
        json_array_add_string_element (names, self->feature_names[j]);
      else
        {
          g_autofree char *name = g_strdup_printf ("f%" G_GSIZE_FORMAT, j);
          json_array_add_string_element (names, name);
        }
    }
  json_node_take_array (node, names);

  return node;
}

static JsonNode *
classes_to_node (EmEnsemble *self)
{
  JsonArray *classes = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint c = 0; c < self->n_classes; c++)
    json_array_add_string_element (classes, em_ensemble_mode_get_class_name (self->mode, c));
  json_node_take_array (node, classes);

  return node;
}

static JsonNode *
empty_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static JsonObject *
document_new (EmEnsemble  *self,
              GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  JsonObject *standardisation = json_object_new ();
  JsonObject *weights = json_object_new ();
  JsonObject *members = json_object_new ();
  JsonNode *rf, *gb;
  g_autofree char *when = g_date_time_format_iso8601 (self->trained_at);

  json_object_set_string_member (doc, "format", MODEL_FORMAT);
  json_object_set_int_member (doc, "version", MODEL_VERSION);
  json_object_set_string_member (doc, "mode", em_ensemble_mode_to_string (self->mode));
  json_object_set_member (doc, "classes", classes_to_node (self));
  json_object_set_int_member (doc, "feature_set_version", self->feature_set_version);
  json_object_set_int_member (doc, "n_features", self->n_features);
  json_object_set_member (doc, "feature_names", strings_to_node (self));
  json_object_set_member (standardisation, "mean", doubles_to_node (self->mean, self->n_features));
  json_object_set_member (standardisation, "std", doubles_to_node (self->std, self->n_features));
  json_object_set_object_member (doc, "standardisation", standardisation);
  json_object_set_double_member (weights, "rf", self->params.rf_weight);
  json_object_set_double_member (weights, "gb", self->params.gb_weight);
  json_object_set_object_member (doc, "weights", weights);
  json_object_set_object_member (doc, "members", members);

  if ((rf = member_to_node (self->rf, error)) == NULL)
    return NULL;
  json_object_set_member (members, "rf", rf);
  if ((gb = member_to_node (self->gb, error)) == NULL)
    return NULL;
  json_object_set_member (members, "gb", gb);

  json_object_set_member (doc, "params", params_to_node (&self->params));
  json_object_set_member (doc, "metrics", self->metrics != NULL ? json_node_copy (self->metrics)
                                                                 : empty_object_node ());
  json_object_set_string_member (doc, "trained_at", when);

  return g_steal_pointer (&doc);
}

/**
 * em_ensemble_to_json:
 * @self: an ensemble
 * @length: (out) (optional): length of the document
 * @error: return location for an error
 *
 * Serialises the model document (schema in the file header of
 * em-model-file.c and in the README), for a file or the library database.
 *
 * Returns: (transfer full): the JSON document, or %NULL.
 */
char *
em_ensemble_to_json (EmEnsemble  *self,
                     gsize       *length,
                     GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (self != NULL, NULL);

  if ((doc = document_new (self, error)) == NULL)
    return NULL;

  root = json_node_init_object (json_node_alloc (), doc);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/**
 * em_ensemble_save:
 * @self: an ensemble
 * @path: file to write (atomically replaced)
 * @error: return location for an error
 *
 * Returns: %TRUE if the model document was written.
 */
gboolean
em_ensemble_save (EmEnsemble  *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((json = em_ensemble_to_json (self, &length, error)) == NULL)
    return FALSE;

  if (!g_file_set_contents (path, json, length, &local_error))
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_IO,
                   "Could not write the model to %s: %s", path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* json-glib 1.6 has no *_with_default for objects and arrays. */
static JsonObject *
get_object (JsonObject *object,
            const char *name,
            gpointer    unused)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name,
           gpointer    unused)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
corrupt (GError     **error,
         const char  *source,
         const char  *what)
{
  g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_CORRUPT_MODEL,
               "%s is not a usable Earmark model: %s", source, what);
  return FALSE;
}

static gboolean
read_doubles (JsonObject   *object,
              const char   *name,
              double       *values,
              gsize         n,
              const char   *source,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) != n)
    return corrupt (error, source, "the standardisation does not match n_features");

  for (gsize i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_DOUBLE &&
           json_node_get_value_type (element) != G_TYPE_INT64))
        return corrupt (error, source, "a standardisation value is not a number");
      values[i] = json_node_get_double (element);
      if (!isfinite (values[i]))
        return corrupt (error, source, "a standardisation value is not finite");
    }

  return TRUE;
}

static gboolean
read_member (JsonObject     *members,
             const char     *name,
             guint           n_classes,
             BoosterHandle  *out,
             const char     *source,
             GError        **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  JsonNode *node = json_object_get_member (members, name);
  gsize length = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = g_strdup_printf ("member \"%s\" is missing", name);
      return corrupt (error, source, what);
    }

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, &length);

  if ((*out = _em_xgb_load_json (json, length, n_classes, &local_error)) == NULL)
    {
      g_autofree char *what = g_strdup_printf ("member \"%s\": %s", name, local_error->message);
      return corrupt (error, source, what);
    }

  return TRUE;
}

static gboolean
read_header (JsonObject      *doc,
             EmEnsembleMode  *mode,
             gsize           *n_features,
             guint           *version,
             guint            expected_version,
             const char      *source,
             GError         **error)
{
  const char *format = json_object_get_string_member_with_default (doc, "format", NULL);
  gint64 doc_version = json_object_get_int_member_with_default (doc, "version", -1);
  gint64 fsv = json_object_get_int_member_with_default (doc, "feature_set_version", -1);
  gint64 nf = json_object_get_int_member_with_default (doc, "n_features", -1);

  if (g_strcmp0 (format, MODEL_FORMAT) != 0)
    return corrupt (error, source, "\"format\" is not \"" MODEL_FORMAT "\"");

  if (doc_version != MODEL_VERSION)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_CORRUPT_MODEL,
                   "%s is an Earmark model of document version %" G_GINT64_FORMAT
                   "; this Earmark reads version %d", source, doc_version, MODEL_VERSION);
      return FALSE;
    }

  if (!em_ensemble_mode_from_string (json_object_get_string_member_with_default (doc, "mode", NULL), mode))
    return corrupt (error, source, "\"mode\" is neither \"three-class\" nor \"binary\"");
  if (fsv < 0 || fsv > G_MAXUINT || nf <= 0 || nf > 100000)
    return corrupt (error, source, "feature_set_version or n_features is missing");

  if (expected_version != EM_ENSEMBLE_ANY_FEATURE_SET && fsv != expected_version)
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_FEATURE_SET_MISMATCH,
                   "%s was trained on feature-set version %" G_GINT64_FORMAT
                   " but the features are version %u; retrain the model",
                   source, fsv, expected_version);
      return FALSE;
    }

  *n_features = nf;
  *version = fsv;
  return TRUE;
}

static gboolean
read_params (JsonObject       *doc,
             EmEnsembleParams *p,
             const char       *source,
             GError          **error)
{
  JsonObject *o = get_object (doc, "params", NULL);
  JsonObject *w = get_object (doc, "weights", NULL);

  if (o == NULL || w == NULL)
    return corrupt (error, source, "\"params\" or \"weights\" is missing");

  em_ensemble_params_init (p);
  p->rf_n_trees = json_object_get_int_member_with_default (o, "rf_n_trees", p->rf_n_trees);
  p->rf_max_depth = json_object_get_int_member_with_default (o, "rf_max_depth", p->rf_max_depth);
  p->rf_subsample = json_object_get_double_member_with_default (o, "rf_subsample", p->rf_subsample);
  p->rf_colsample_bynode = json_object_get_double_member_with_default (o, "rf_colsample_bynode", p->rf_colsample_bynode);
  p->rf_min_child_weight = json_object_get_double_member_with_default (o, "rf_min_child_weight", p->rf_min_child_weight);
  p->gb_n_rounds = json_object_get_int_member_with_default (o, "gb_n_rounds", p->gb_n_rounds);
  p->gb_max_depth = json_object_get_int_member_with_default (o, "gb_max_depth", p->gb_max_depth);
  p->gb_learning_rate = json_object_get_double_member_with_default (o, "gb_learning_rate", p->gb_learning_rate);
  p->gb_subsample = json_object_get_double_member_with_default (o, "gb_subsample", p->gb_subsample);
  p->gb_colsample_bytree = json_object_get_double_member_with_default (o, "gb_colsample_bytree", p->gb_colsample_bytree);
  p->gb_min_child_weight = json_object_get_double_member_with_default (o, "gb_min_child_weight", p->gb_min_child_weight);
  p->balance_classes = json_object_get_boolean_member_with_default (o, "balance_classes", p->balance_classes);
  p->max_bin = json_object_get_int_member_with_default (o, "max_bin", p->max_bin);
  p->seed = json_object_get_int_member_with_default (o, "seed", p->seed);
  p->rf_weight = json_object_get_double_member_with_default (w, "rf", -1.0);
  p->gb_weight = json_object_get_double_member_with_default (w, "gb", -1.0);

  if (!em_ensemble_params_validate (p, NULL))
    return corrupt (error, source, "\"params\" or \"weights\" are out of range");

  return TRUE;
}

static gboolean
read_names (JsonObject  *doc,
            EmEnsemble  *self,
            const char  *source,
            GError     **error)
{
  JsonArray *names = get_array (doc, "feature_names", NULL);
  g_autoptr(GPtrArray) strv = g_ptr_array_new_with_free_func (g_free);

  if (names == NULL || json_array_get_length (names) != self->n_features)
    return corrupt (error, source, "\"feature_names\" does not match n_features");

  for (guint i = 0; i < self->n_features; i++)
    {
      JsonNode *element = json_array_get_element (names, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return corrupt (error, source, "a feature name is not a string");
      g_ptr_array_add (strv, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (strv, NULL);
  self->feature_names = (char **)g_ptr_array_free (g_steal_pointer (&strv), FALSE);

  return TRUE;
}

static gboolean
read_body (JsonObject  *doc,
           EmEnsemble  *self,
           const char  *source,
           GError     **error)
{
  JsonObject *standardisation = get_object (doc, "standardisation", NULL);
  JsonObject *members = get_object (doc, "members", NULL);
  JsonNode *metrics = json_object_get_member (doc, "metrics");
  const char *when = json_object_get_string_member_with_default (doc, "trained_at", NULL);
  bst_ulong n_features = 0;

  if (standardisation == NULL || members == NULL)
    return corrupt (error, source, "\"standardisation\" or \"members\" is missing");

  if (!read_params (doc, &self->params, source, error) ||
      !read_names (doc, self, source, error) ||
      !read_doubles (standardisation, "mean", self->mean, self->n_features, source, error) ||
      !read_doubles (standardisation, "std", self->std, self->n_features, source, error) ||
      !read_member (members, "rf", self->n_classes, &self->rf, source, error) ||
      !read_member (members, "gb", self->n_classes, &self->gb, source, error))
    return FALSE;

  for (gsize j = 0; j < self->n_features; j++)
    if (!(self->std[j] >= 0.0))
      return corrupt (error, source, "a standardisation std is negative");

  if (XGBoosterGetNumFeature (self->rf, &n_features) != 0 || n_features != self->n_features ||
      XGBoosterGetNumFeature (self->gb, &n_features) != 0 || n_features != self->n_features)
    return corrupt (error, source, "a member was trained on another number of features");

  if (metrics != NULL && JSON_NODE_HOLDS_OBJECT (metrics))
    self->metrics = json_node_copy (metrics);
  self->trained_at = when != NULL ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  if (self->trained_at == NULL)
    return corrupt (error, source, "\"trained_at\" is not an ISO 8601 date");

  return TRUE;
}

static EmEnsemble *
from_json (const char  *data,
           gssize       length,
           guint        expected_version,
           const char  *source,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(EmEnsemble) self = NULL;
  EmEnsembleMode mode;
  JsonNode *root;
  gsize n_features;
  guint version;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      corrupt (error, source, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      corrupt (error, source, "the document is not a JSON object");
      return NULL;
    }

  if (!read_header (json_node_get_object (root), &mode, &n_features, &version,
                    expected_version, source, error))
    return NULL;

  self = _em_ensemble_new (mode, n_features, version);
  if (!read_body (json_node_get_object (root), self, source, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * em_ensemble_from_json:
 * @data: a model document
 * @length: its length, or -1 if NUL-terminated
 * @expected_feature_set_version: the features' version, or
 *   %EM_ENSEMBLE_ANY_FEATURE_SET
 * @error: return location for an error
 *
 * Returns: (transfer full): the ensemble, or %NULL with
 *   %EM_ML_ERROR_CORRUPT_MODEL or %EM_ML_ERROR_FEATURE_SET_MISMATCH.
 */
EmEnsemble *
em_ensemble_from_json (const char  *data,
                       gssize       length,
                       guint        expected_feature_set_version,
                       GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  return from_json (data, length, expected_feature_set_version, "The model document", error);
}

/**
 * em_ensemble_load:
 * @path: a model file written by em_ensemble_save()
 * @expected_feature_set_version: the features' version, or
 *   %EM_ENSEMBLE_ANY_FEATURE_SET
 * @error: return location for an error
 *
 * Returns: (transfer full): the ensemble, or %NULL with an %EM_ML_ERROR.
 */
EmEnsemble *
em_ensemble_load (const char  *path,
                  guint        expected_feature_set_version,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *source = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, EM_ML_ERROR, EM_ML_ERROR_IO,
                   "Could not read the model %s: %s", path, local_error->message);
      return NULL;
    }

  source = g_strdup_printf ("Model file %s", path);
  return from_json (data, length, expected_feature_set_version, source, error);
}
