/* em-train-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets that show a training result on the Train page: the
 * classification report as a grid (the numbers em_metrics_format prints,
 * to the same two decimals), fold rows, possible label mistakes and the
 * stored models.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-label-queue.h"
#include "em-train-report.h"

/**
 * em_train_report_class_name:
 *
 * Returns: the class as people read it: Music, Dialogue, Both; in binary
 *   mode No music and Music (contains music)
 */
const char *
em_train_report_class_name (EmEnsembleMode mode,
                            guint          klass)
{
  if (mode == EM_ENSEMBLE_MODE_BINARY)
    return klass == EM_ML_BINARY_MUSIC ? _("Music") : _("No music");

  switch (klass)
    {
    case EM_ML_CLASS_MUSIC:
      return _("Music");
    case EM_ML_CLASS_DIALOGUE:
      return _("Dialogue");
    case EM_ML_CLASS_BOTH:
    default:
      return _("Both");
    }
}

static GtkWidget *
grid_label (const char *text,
            gboolean    heading,
            float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  return label;
}

static char *
format_value (double value)
{
  return g_strdup_printf ("%.2f", value);
}

/* Attaches one row: name, then precision, recall, F1 and support; a
 * negative value leaves its cell empty (accuracy has no precision). */
static void
attach_row (GtkGrid    *grid,
            GPtrArray  *cells,
            int         row,
            const char *name,
            double      p,
            double      r,
            double      f,
            gsize       support)
{
  double values[3] = { p, r, f };

  gtk_grid_attach (grid, grid_label (name, TRUE, 0.0), 0, row, 1, 1);
  for (guint c = 0; c < 3; c++)
    {
      g_autofree char *text = values[c] >= 0 ? format_value (values[c]) : g_strdup ("");
      GtkWidget *label = grid_label (text, FALSE, 1.0);

      gtk_grid_attach (grid, label, 1 + c, row, 1, 1);
      g_ptr_array_add (cells, label);
    }
  {
    g_autofree char *text = g_strdup_printf ("%" G_GSIZE_FORMAT, support);
    GtkWidget *label = grid_label (text, FALSE, 1.0);

    gtk_grid_attach (grid, label, 4, row, 1, 1);
    g_ptr_array_add (cells, label);
  }
}

/**
 * em_train_report_fill_grid:
 * @grid: an empty grid
 * @metrics: the cross-validated report
 * @mode: the mode (for the class names)
 *
 * Returns: (transfer container) (element-type GtkLabel): the number
 *   cells, EM_TRAIN_REPORT_N_COLUMNS per row: the classes' rows, then
 *   accuracy, macro and weighted averages
 */
GPtrArray *
em_train_report_fill_grid (GtkGrid         *grid,
                           const EmMetrics *m,
                           EmEnsembleMode   mode)
{
  const char *headers[] = { N_("Precision"), N_("Recall"), N_("F1"), N_("Support") };
  GPtrArray *cells = g_ptr_array_new ();
  guint row = 1;

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = grid_label (_(headers[c]), TRUE, 1.0);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (grid, label, 1 + c, 0, 1, 1);
    }

  for (guint c = 0; c < m->n_classes; c++, row++)
    attach_row (grid, cells, row, em_train_report_class_name (mode, c), m->precision[c],
                m->recall[c], m->f1[c], m->support[c]);

  gtk_grid_attach (grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row++, 5, 1);
  attach_row (grid, cells, row++, _("Accuracy"), -1, -1, m->accuracy, m->n);
  attach_row (grid, cells, row++, _("Macro average"), m->macro_precision, m->macro_recall,
              m->macro_f1, m->n);
  attach_row (grid, cells, row, _("Weighted average"), m->weighted_precision,
              m->weighted_recall, m->weighted_f1, m->n);

  return cells;
}

/**
 * em_train_report_describe_cv:
 *
 * Returns: (transfer full): "5-fold cross-validation of 30 labelled
 *   clips (seed 0)", with the search when one ran
 */
char *
em_train_report_describe_cv (const EmTrainResult *r)
{
  g_autofree char *cv = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%u-fold cross-validation of %" G_GSIZE_FORMAT " labelled clip (seed %u)",
                                                      "%u-fold cross-validation of %" G_GSIZE_FORMAT " labelled clips (seed %u)",
                                                      r->n),
                                         r->cv->k, r->n, r->cv->seed);

  if (r->search == NULL)
    return g_steal_pointer (&cv);

  /* Translators: %u candidates, then the cross-validation's description */
  return g_strdup_printf (_("Best of %u parameter candidates; %s"), r->search->n_candidates, cv);
}

static GtkWidget *
suffix_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  return label;
}

GtkWidget *
em_train_report_fold_row (guint  fold,
                          double accuracy,
                          double macro_f1)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Fold %u"), fold + 1);
  g_autofree char *subtitle = g_strdup_printf (_("Macro F1 %.2f"), macro_f1);
  g_autofree char *value = format_value (accuracy);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (value));
  gtk_widget_add_css_class (row, "property");

  return row;
}

/* One possible label mistake; activating the row plays it. */
GtkWidget *
em_train_report_suspect_row (const EmTrainResult *r,
                             gsize                index)
{
  const EmSuspect *s = &r->suspects[index];
  const char *path = g_ptr_array_index (r->paths, s->row);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *title = g_markup_escape_text (base, -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *value = format_value (s->p_label);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("media-playback-start-symbolic");

  /* Translators: chunk number, the given label, the model's prediction */
  subtitle = g_strdup_printf (_("Chunk %u · labelled %s · predicted %s"),
                              g_array_index (r->chunk_idx, guint, s->row),
                              em_train_report_class_name (r->mode, s->label),
                              em_train_report_class_name (r->mode, s->predicted));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, path);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (value));
  gtk_widget_set_tooltip_text (icon, _("Play"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static char *
describe_metrics (const char *metrics)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (metrics == NULL || !json_parser_load_from_data (parser, metrics, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (_("Not cross-validated"));

  object = json_node_get_object (json_parser_get_root (parser));
  /* Translators: cross-validated accuracy, then the number of folds */
  return g_strdup_printf (_("Cross-validated accuracy %.2f · %u folds"),
                          json_object_get_double_member_with_default (object, "mean_accuracy", 0.0),
                          (guint)json_object_get_int_member_with_default (object, "k", 0));
}

/**
 * em_train_report_model_row:
 * @record: a stored model
 * @group: (nullable): the radio group to join
 * @check: (out): the row's radio button
 *
 * Returns: (transfer floating): a row with the model's mode, date and
 *   accuracy and a radio button that is active for the active model
 */
GtkWidget *
em_train_report_model_row (const EmModelRecord  *record,
                           GtkCheckButton       *group,
                           GtkCheckButton      **check)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (record->created_at / G_USEC_PER_SEC);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%x %H:%M") : g_strdup ("");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_metrics (record->metrics);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *radio = gtk_check_button_new ();
  EmEnsembleMode mode = EM_ENSEMBLE_MODE_THREE_CLASS;

  em_ensemble_mode_from_string (record->mode, &mode);
  /* Translators: model number, its classes, the date it was trained */
  title = g_strdup_printf (_("Model %" G_GINT64_FORMAT " · %s · %s"), record->id,
                           mode == EM_ENSEMBLE_MODE_BINARY ? _("Contains music or not") : _("Music, dialogue or both"),
                           date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), record->active);
  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (radio), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Use this model for tagging"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
  *check = GTK_CHECK_BUTTON (radio);

  return row;
}

/**
 * em_train_report_missing_text:
 * @options: the chosen options
 * @missing: (array fixed-size=4): labels still needed per #EmLabel
 *
 * Returns: (transfer full): "Label 3 more Dialogue clips and 1 more Both
 *   clip to train with 5 folds."
 */
char *
em_train_report_missing_text (const EmTrainOptions *options,
                              const guint          *missing)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *names[EM_N_LABELS] = { NULL, _("Music"), _("Dialogue"), _("Both") };
  g_autofree char *list = NULL;

  if (options->mode == EM_ENSEMBLE_MODE_BINARY)
    names[EM_LABEL_MUSIC] = _("Music or Both");

  for (guint l = EM_LABEL_MUSIC; l < EM_N_LABELS; l++)
    if (missing[l] > 0)
      /* Translators: "3 more Dialogue clips" */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more %s clip",
                                                            "%u more %s clips", missing[l]),
                                               missing[l], names[l]));
  g_ptr_array_add (parts, NULL);
  /* Translators: separator between "3 more Dialogue clips" items */
  list = g_strjoinv (_(", "), (char **)parts->pdata);

  /* Translators: the list of clips, then the number of folds */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Label %s to train with %u fold: every class needs at least as many labelled clips as there are folds.",
                                       "Label %s to train with %u folds: every class needs at least as many labelled clips as there are folds.",
                                       options->folds),
                          list, options->folds);
}

/* The queue item of one labelled chunk; NULL if the chunk is gone (the
 * library was rescanned since the run).  @spans caches each file's chunks. */
static EmLabelQueueItem *
queue_item_for (EmStore    *store,
                GHashTable *spans,
                const char *path,
                guint       idx)
{
  GArray *chunks = g_hash_table_lookup (spans, path);
  EmLabelQueueItem *item;

  if (chunks == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!(chunks = em_store_list_chunks (store, path, &error)))
        return NULL;
      g_hash_table_insert (spans, g_strdup (path), chunks);
    }

  for (guint i = 0; i < chunks->len; i++)
    {
      const EmChunkInfo *info = &g_array_index (chunks, EmChunkInfo, i);

      if (info->idx != idx)
        continue;
      item = g_new0 (EmLabelQueueItem, 1);
      item->path = g_strdup (path);
      item->idx = idx;
      item->start_s = info->start_s;
      item->end_s = info->end_s;
      item->n_chunks = chunks->len;
      return item;
    }

  return NULL;
}

/**
 * em_train_report_queue_items:
 * @store: the library's store
 * @result: a training result
 * @rows: (array length=n_rows): rows of @result
 * @n_rows: number of @rows
 *
 * Returns: (transfer full) (element-type EmLabelQueueItem): the Label
 *   queue of those labelled chunks, in order; chunks no longer in the
 *   library are left out
 */
GPtrArray *
em_train_report_queue_items (EmStore             *store,
                             const EmTrainResult *result,
                             const gsize         *rows,
                             gsize                n_rows)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_queue_item_free);
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)g_array_unref);

  for (gsize i = 0; i < n_rows; i++)
    {
      EmLabelQueueItem *item = queue_item_for (store, spans, g_ptr_array_index (result->paths, rows[i]),
                                               g_array_index (result->chunk_idx, guint, rows[i]));
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  return items;
}

/**
 * em_train_report_cell_rows:
 * @cv: a cross-validation
 * @true_class: a row of the confusion matrix
 * @predicted_class: a column
 * @n_rows: (out): number of rows returned
 *
 * The cell's clips: labelled @true_class and predicted @predicted_class
 * out of fold (the argmax of the out-of-fold probabilities, as the
 * report counts them).
 *
 * Returns: (transfer full) (array length=n_rows): the rows, in order
 */
gsize *
em_train_report_cell_rows (const EmCrossValidation *cv,
                           guint                    true_class,
                           guint                    predicted_class,
                           gsize                   *n_rows)
{
  gsize *rows = g_new (gsize, MAX (cv->n, 1));

  *n_rows = 0;
  for (gsize i = 0; i < cv->n; i++)
    if (cv->y[i] == true_class &&
        em_metrics_argmax (cv->proba + i * cv->n_classes, cv->n_classes) == predicted_class)
      rows[(*n_rows)++] = i;

  return rows;
}

void
em_train_report_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
