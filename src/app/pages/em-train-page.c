/* em-train-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Train page: options, a training run as a background job (the
 * libearmark trainer, the same pipeline as earmark-cli train), and its
 * result: the classification report, the confusion matrix (a cell sends
 * its clips to the Label page), fold scores, the learning curve, possible
 * label mistakes and the stored models, one of them active.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-label-queue.h"
#include "widgets/em-plot-export.h"
#include "em-train-page.h"
#include "em-train-report.h"

#define CURVE_POINTS     5
#define MAX_SUSPECT_ROWS 100

struct _EmTrainPage
{
  AdwBin               parent_instance;

  EmLibrary           *library;
  EmJob               *job;
  EmTrainResult       *result;
  GPtrArray           *report_cells;   /* GtkLabel, EM_TRAIN_REPORT_N_COLUMNS per row */
  guint                n_missing;
  gboolean             disposed;

  GtkStack            *stack;
  GtkWidget           *options_group;
  AdwComboRow         *mode_row;
  GtkSpinButton       *folds_spin;
  GtkSpinButton       *search_spin;
  GtkSpinButton       *rf_spin;
  GtkSpinButton       *gb_spin;
  GtkSpinButton       *seed_spin;
  GtkStack            *action_stack;
  GtkLabel            *missing_label;
  GtkWidget           *label_page_button;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  GtkWidget           *results_box;
  AdwPreferencesGroup *report_group;
  GtkGrid             *report_grid;
  GtkToggleButton     *rates_toggle;
  GtkBox              *matrix_box;
  GtkListBox          *folds_list;
  AdwPreferencesGroup *curve_group;
  GtkBox              *curve_box;
  AdwPreferencesGroup *suspects_group;
  GtkListBox          *suspects_list;
  GtkListBox          *models_list;
  EmConfusionMatrix   *matrix;
  EmLearningCurvePlot *curve;
};

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmTrainPage, em_train_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

static EmStore *
get_store (EmTrainPage *self)
{
  return self->library != NULL ? em_library_get_store (self->library) : NULL;
}

/* ---- Options */

void
em_train_page_get_options (EmTrainPage    *self,
                           EmTrainOptions *options)
{
  g_return_if_fail (EM_IS_TRAIN_PAGE (self));

  em_train_options_init (options);
  options->mode = adw_combo_row_get_selected (self->mode_row) == 1 ? EM_ENSEMBLE_MODE_BINARY
                                                                   : EM_ENSEMBLE_MODE_THREE_CLASS;
  options->folds = (guint)gtk_spin_button_get_value_as_int (self->folds_spin);
  options->search_iterations = (guint)gtk_spin_button_get_value_as_int (self->search_spin);
  options->rf_weight = gtk_spin_button_get_value (self->rf_spin);
  options->gb_weight = gtk_spin_button_get_value (self->gb_spin);
  options->seed = (guint32)gtk_spin_button_get_value_as_int (self->seed_spin);
  options->curve_points = CURVE_POINTS;
}

/**
 * em_train_page_set_options:
 * @self: the page
 * @options: mode, folds, search budget, weights and seed to show
 */
void
em_train_page_set_options (EmTrainPage          *self,
                           const EmTrainOptions *options)
{
  g_return_if_fail (EM_IS_TRAIN_PAGE (self));
  g_return_if_fail (options != NULL);

  adw_combo_row_set_selected (self->mode_row, options->mode == EM_ENSEMBLE_MODE_BINARY ? 1 : 0);
  gtk_spin_button_set_value (self->folds_spin, options->folds);
  gtk_spin_button_set_value (self->search_spin, options->search_iterations);
  gtk_spin_button_set_value (self->rf_spin, options->rf_weight);
  gtk_spin_button_set_value (self->gb_spin, options->gb_weight);
  gtk_spin_button_set_value (self->seed_spin, options->seed);
}

/* ---- State: which view, what can be done */

static void
update_actions (EmTrainPage *self)
{
  gboolean has_result = self->result != NULL && self->result->cv != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.start",
                                 self->library != NULL && self->job == NULL && self->n_missing == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.cancel", self->job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.queue-cell", has_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.export-matrix", has_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.export-curve",
                                 has_result && self->result->curve != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.queue-suspects",
                                 has_result && self->result->n_suspects > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "train.play-suspect",
                                 has_result && self->result->n_suspects > 0);
}

/* Counts the labels per class (one query) to say what is still missing. */
static void
update_missing (EmTrainPage *self)
{
  EmTrainOptions options;
  EmStoreCounts counts;
  guint missing[EM_N_LABELS];
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->n_missing = 0;
  if (self->library == NULL)
    return;

  em_train_page_get_options (self, &options);
  if (!em_store_get_counts (get_store (self), &counts, &error))
    {
      em_page_emit_toast (EM_PAGE (self), error->message);
      return;
    }

  self->n_missing = em_trainer_count_missing (&options, counts.labelled_chunks, missing);
  if (self->n_missing > 0)
    text = em_train_report_missing_text (&options, missing);
  gtk_label_set_label (self->missing_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), self->n_missing > 0);
  gtk_widget_set_visible (self->label_page_button, self->n_missing > 0);
}

static void
on_model_toggled_cb (GtkCheckButton *check,
                     EmTrainPage    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "em-model-id"));

  if (gtk_check_button_get_active (check) && !GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "em-active")))
    gtk_widget_activate_action (GTK_WIDGET (self), "train.activate-model", "x", id);
}

static void
reload_models (EmTrainPage *self)
{
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  GtkCheckButton *group = NULL;

  em_train_report_clear_list (self->models_list);
  if (self->library == NULL)
    return;

  if (!(models = em_store_list_models (get_store (self), &error)))
    {
      em_page_emit_toast (EM_PAGE (self), error->message);
      return;
    }

  for (guint i = 0; i < models->len; i++)
    {
      const EmModelRecord *record = g_ptr_array_index (models, i);
      GtkCheckButton *check = NULL;
      GtkWidget *row = em_train_report_model_row (record, group, &check);

      g_object_set_data (G_OBJECT (check), "em-model-id", GSIZE_TO_POINTER ((gsize)record->id));
      g_object_set_data (G_OBJECT (check), "em-active", GINT_TO_POINTER (record->active));
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_model_toggled_cb), self, 0);
      gtk_list_box_append (self->models_list, row);
      group = group != NULL ? group : check;
    }

  if (models->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No models yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Each training run adds one and makes it active."));
      gtk_list_box_append (self->models_list, row);
    }
}

static void
update_state (EmTrainPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->library == NULL ? "no-library" : "main");
  gtk_stack_set_visible_child_name (self->action_stack, self->job != NULL ? "running" : "ready");
  gtk_widget_set_sensitive (self->options_group, self->job == NULL);
  update_missing (self);
  update_actions (self);
}

static void
options_changed_cb (EmTrainPage *self)
{
  update_state (self);
}

/* ---- Showing a result */

static void
clear_result (EmTrainPage *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->result, em_train_result_free);
  g_clear_pointer (&self->report_cells, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->report_grid))) != NULL)
    gtk_grid_remove (self->report_grid, child);
  em_train_report_clear_list (self->folds_list);
  em_train_report_clear_list (self->suspects_list);
  em_confusion_matrix_set_data (self->matrix, NULL, 0, NULL);
  em_learning_curve_plot_set_points (self->curve, NULL, NULL, NULL, 0);
  gtk_widget_set_visible (self->results_box, FALSE);
}

static void
show_suspects (EmTrainPage *self)
{
  const EmTrainResult *r = self->result;
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("Labelled clips to which the cross-validated model gives their own label a probability below %.2f, most doubtful first"),
                                 EM_TRAIN_DEFAULT_SUSPECT_THRESHOLD);
  adw_preferences_group_set_description (self->suspects_group, description);

  for (gsize i = 0; i < MIN (r->n_suspects, MAX_SUSPECT_ROWS); i++)
    gtk_list_box_append (self->suspects_list, em_train_report_suspect_row (r, i));

  if (r->n_suspects == 0 || r->n_suspects > MAX_SUSPECT_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %" G_GSIZE_FORMAT " more; Review All sends every one to the Label page",
                                                            "And %" G_GSIZE_FORMAT " more; Review All sends every one to the Label page",
                                                            r->n_suspects - MAX_SUSPECT_ROWS),
                                               r->n_suspects - MAX_SUSPECT_ROWS);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     r->n_suspects == 0 ? _("No possible label mistakes") : more);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->suspects_list, row);
    }
}

static void
show_result (EmTrainPage *self)
{
  const EmTrainResult *r = self->result;
  const char *names[3];
  g_autofree char *description = NULL;
  g_autofree char *folds = NULL;

  if (r->cv == NULL)
    return;

  for (guint c = 0; c < r->cv->n_classes; c++)
    names[c] = em_train_report_class_name (r->mode, c);

  description = em_train_report_describe_cv (r);
  adw_preferences_group_set_description (self->report_group, description);
  self->report_cells = em_train_report_fill_grid (self->report_grid, r->cv->metrics, r->mode);

  em_confusion_matrix_set_data (self->matrix, r->cv->metrics->confusion, r->cv->n_classes, names);
  for (guint f = 0; f < r->cv->k; f++)
    gtk_list_box_append (self->folds_list,
                         em_train_report_fold_row (f, r->cv->fold_accuracy[f], r->cv->fold_macro_f1[f]));

  if (r->curve != NULL)
    em_learning_curve_plot_set_points (self->curve, r->curve->n_labels, r->curve->mean_accuracy,
                                       r->curve->std_accuracy, r->curve->n_points);
  gtk_widget_set_visible (GTK_WIDGET (self->curve_group), r->curve != NULL && r->curve->n_points > 1);

  show_suspects (self);
  gtk_widget_set_visible (self->results_box, TRUE);
}

/* ---- The training job */

static void
on_job_progress_cb (EmJob       *job,
                    GParamSpec  *pspec,
                    EmTrainPage *self)
{
  g_autofree char *message = NULL;

  if (job != self->job)
    return;

  message = em_job_dup_message (job);
  gtk_progress_bar_set_fraction (self->progress_bar, em_job_get_fraction (job));
  gtk_label_set_label (self->progress_label, message != NULL ? message : "");
}

static void
train_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(EmTrainPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EmJob) job = g_steal_pointer (&self->job);
  EmTrainResult *result = em_trainer_run_finish (EM_STORE (source), res, &error);

  em_job_finish (job);
  if (self->disposed)
    {
      g_clear_pointer (&result, em_train_result_free);
      return;
    }

  if (result == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Training cancelled; no model was saved"));
      else
        message = g_strdup_printf (_("Training failed: %s"), error->message);
      em_page_emit_toast (EM_PAGE (self), message);
    }
  else if (get_store (self) == EM_STORE (source))
    {
      g_autofree char *message = NULL;

      clear_result (self);
      self->result = result;
      show_result (self);
      message = result->cv != NULL
        ? g_strdup_printf (_("Model %" G_GINT64_FORMAT " trained: cross-validated accuracy %.2f"),
                           result->model_id, result->cv->metrics->accuracy)
        : g_strdup_printf (_("Model %" G_GINT64_FORMAT " trained"), result->model_id);
      em_page_emit_toast (EM_PAGE (self), message);
    }
  else
    em_train_result_free (result);

  reload_models (self);
  update_state (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  EmTrainOptions options;

  if (self->library == NULL || self->job != NULL)
    return;

  em_train_page_get_options (self, &options);
  self->job = em_job_new (_("Training a model"));
  g_signal_connect_object (self->job, "notify::fraction", G_CALLBACK (on_job_progress_cb), self, 0);
  g_signal_connect_object (self->job, "notify::message", G_CALLBACK (on_job_progress_cb), self, 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->progress_label, _("Loading the labelled chunks"));

  em_trainer_run_async (get_store (self), &options, self->job, train_done_cb, g_object_ref (self));
  em_page_emit_job (EM_PAGE (self), self->job);
  update_state (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);

  if (self->job != NULL)
    em_job_cancel (self->job);
}

static void
activate_model_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->library == NULL)
    return;

  if (!em_store_activate_model (get_store (self), g_variant_get_int64 (param), &error))
    em_page_emit_toast (EM_PAGE (self), error->message);
  reload_models (self);
}

/* ---- Sending clips to the Label page and playing them */

static void
emit_queue (EmTrainPage  *self,
            const gsize  *rows,
            gsize         n_rows,
            const char   *title)
{
  g_autoptr(GPtrArray) items = em_train_report_queue_items (get_store (self), self->result, rows, n_rows);

  if (items->len == 0)
    {
      em_page_emit_toast (EM_PAGE (self), _("No clips to review"));
      return;
    }

  em_page_emit_queue (EM_PAGE (self), items, title);
}

static void
queue_cell_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  const EmCrossValidation *cv;
  g_autofree gsize *rows = NULL;
  g_autofree char *title = NULL;
  guint t, p;
  gsize n_rows = 0;

  g_variant_get (param, "(uu)", &t, &p);
  if (self->result == NULL || (cv = self->result->cv) == NULL || t >= cv->n_classes || p >= cv->n_classes)
    return;

  rows = em_train_report_cell_rows (cv, t, p, &n_rows);

  /* Translators: "Dialogue predicted as Music" */
  title = g_strdup_printf (_("%s predicted as %s"), em_train_report_class_name (cv->mode, t),
                           em_train_report_class_name (cv->mode, p));
  emit_queue (self, rows, n_rows, title);
}

static void
queue_suspects_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  g_autofree gsize *rows = NULL;

  if (self->result == NULL || self->result->n_suspects == 0)
    return;

  rows = g_new (gsize, self->result->n_suspects);
  for (gsize i = 0; i < self->result->n_suspects; i++)
    rows[i] = self->result->suspects[i].row;
  emit_queue (self, rows, self->result->n_suspects, _("Possible label mistakes"));
}

static void
play_suspect_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  g_autoptr(GPtrArray) items = NULL;
  const EmLabelQueueItem *item;
  guint index = g_variant_get_uint32 (param);

  if (self->result == NULL || index >= self->result->n_suspects)
    return;

  items = em_train_report_queue_items (get_store (self), self->result,
                                       &self->result->suspects[index].row, 1);
  if (items->len == 0)
    {
      em_page_emit_toast (EM_PAGE (self), _("That clip is no longer in the library"));
      return;
    }

  item = g_ptr_array_index (items, 0);
  em_page_emit_play_chunk (EM_PAGE (self), item->path, item->start_s, item->end_s);
}

static void
suspect_activated_cb (EmTrainPage   *self,
                      GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->result != NULL && index >= 0 && (gsize)index < self->result->n_suspects)
    gtk_widget_activate_action (GTK_WIDGET (self), "train.play-suspect", "u", (guint)index);
}

static void
on_cell_activated_cb (EmConfusionMatrix *matrix,
                      guint              true_class,
                      guint              predicted_class,
                      EmTrainPage       *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "train.queue-cell", "(uu)", true_class, predicted_class);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);
  gboolean matrix = g_str_equal (action_name, "train.export-matrix");
  GtkRoot *root = gtk_widget_get_root (widget);

  em_plot_export_run_dialog (matrix ? GTK_WIDGET (self->matrix) : GTK_WIDGET (self->curve),
                             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             /* Translators: file name suggested when exporting a plot */
                             matrix ? _("confusion-matrix.png") : _("learning-curve.png"));
}

static void
rates_toggled_cb (EmTrainPage *self)
{
  em_confusion_matrix_set_normalized (self->matrix, gtk_toggle_button_get_active (self->rates_toggle));
}

/* ---- EmPage */

static void
em_train_page_set_library (EmPage    *page,
                           EmLibrary *library)
{
  EmTrainPage *self = EM_TRAIN_PAGE (page);

  if (self->library != library)
    {
      if (self->job != NULL)
        em_job_cancel (self->job);
      clear_result (self);
      g_set_object (&self->library, library);
    }

  reload_models (self);
  update_state (self);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_train_page_set_library;
}

/* Labels change on the other pages: count them again when shown. */
static void
em_train_page_map (GtkWidget *widget)
{
  EmTrainPage *self = EM_TRAIN_PAGE (widget);

  GTK_WIDGET_CLASS (em_train_page_parent_class)->map (widget);
  if (self->library != NULL)
    {
      reload_models (self);
      update_state (self);
    }
}

static void
em_train_page_dispose (GObject *object)
{
  EmTrainPage *self = EM_TRAIN_PAGE (object);

  if (self->job != NULL)
    em_job_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_pointer (&self->result, em_train_result_free);
  g_clear_pointer (&self->report_cells, g_ptr_array_unref);
  g_clear_object (&self->library);

  /* No gtk_widget_dispose_template(): the stack is AdwBin's child, which
   * AdwBin's own dispose unparents. */
  self->disposed = TRUE;

  G_OBJECT_CLASS (em_train_page_parent_class)->dispose (object);
}

static void
em_train_page_class_init (EmTrainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_train_page_dispose;
  widget_class->map = em_train_page_map;

  g_type_ensure (EM_TYPE_CONFUSION_MATRIX);
  g_type_ensure (EM_TYPE_LEARNING_CURVE_PLOT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/earmark/Earmark/ui/em-train-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, options_group);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, folds_spin);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, search_spin);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, rf_spin);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, gb_spin);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, action_stack);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, label_page_button);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, results_box);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, report_group);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, report_grid);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, rates_toggle);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, matrix_box);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, folds_list);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, curve_group);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, curve_box);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, suspects_group);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, suspects_list);
  gtk_widget_class_bind_template_child (widget_class, EmTrainPage, models_list);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rates_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, suspect_activated_cb);

  gtk_widget_class_install_action (widget_class, "train.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "train.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "train.activate-model", "x", activate_model_action);
  gtk_widget_class_install_action (widget_class, "train.queue-cell", "(uu)", queue_cell_action);
  gtk_widget_class_install_action (widget_class, "train.queue-suspects", NULL, queue_suspects_action);
  gtk_widget_class_install_action (widget_class, "train.play-suspect", "u", play_suspect_action);
  gtk_widget_class_install_action (widget_class, "train.export-matrix", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "train.export-curve", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "train.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "train.cancel", NULL);
}

static void
em_train_page_init (EmTrainPage *self)
{
  EmTrainOptions defaults;

  gtk_widget_init_template (GTK_WIDGET (self));
  em_train_options_init (&defaults);
  em_train_page_set_options (self, &defaults);

  self->matrix = EM_CONFUSION_MATRIX (em_confusion_matrix_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->matrix), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->matrix), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->matrix), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->matrix), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->matrix), 12);
  g_signal_connect_object (self->matrix, "cell-activated", G_CALLBACK (on_cell_activated_cb), self, 0);
  gtk_box_append (self->matrix_box, GTK_WIDGET (self->matrix));

  self->curve = EM_LEARNING_CURVE_PLOT (em_learning_curve_plot_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->curve), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->curve), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->curve), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->curve), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->curve), 12);
  gtk_box_append (self->curve_box, GTK_WIDGET (self->curve));

  update_state (self);
}

EmTrainPage *
em_train_page_new (void)
{
  return g_object_new (EM_TYPE_TRAIN_PAGE, NULL);
}

/* ---- For tests */

EmJob *
em_train_page_get_job (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  return self->job;
}

const EmTrainResult *
em_train_page_get_result (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  return self->result;
}

/**
 * em_train_page_dup_report_cell:
 * @self: the page
 * @row: a class, then accuracy, macro and weighted average
 * @column: an #EmTrainReportColumn
 *
 * Returns: (transfer full) (nullable): the text the report shows there
 */
char *
em_train_page_dup_report_cell (EmTrainPage *self,
                               guint        row,
                               guint        column)
{
  guint index = row * EM_TRAIN_REPORT_N_COLUMNS + column;

  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  if (self->report_cells == NULL || column >= EM_TRAIN_REPORT_N_COLUMNS || index >= self->report_cells->len)
    return NULL;

  return g_strdup (gtk_label_get_label (g_ptr_array_index (self->report_cells, index)));
}

EmConfusionMatrix *
em_train_page_get_confusion_matrix (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  return self->matrix;
}

EmLearningCurvePlot *
em_train_page_get_learning_curve (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  return self->curve;
}

/* "no-library" or "main" */
const char *
em_train_page_get_state (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Labels still needed before Train is possible. */
guint
em_train_page_get_n_missing (EmTrainPage *self)
{
  g_return_val_if_fail (EM_IS_TRAIN_PAGE (self), 0);

  return self->n_missing;
}
