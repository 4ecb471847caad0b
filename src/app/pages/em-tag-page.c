/* em-tag-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Tag page: the library's active model tags every chunk as a
 * background job (resumable: chunks it already predicted are skipped),
 * and the page shows what it found — counts per class, the tracks that
 * end with music and where that music starts, the chunks it is unsure
 * about (off to the Label queue) — and writes the same exports as
 * `earmark-cli export`.  Everything it shows is an EmTagResults loaded
 * on a worker thread; the page only arranges it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "em-label-queue.h"
#include "em-tag-page.h"
#include "em-tag-page-private.h"
#include "em-tag-summary.h"
#include "em-tag-track.h"

enum { PROP_0, PROP_OUTRO_ONLY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void page_iface_init (EmPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EmTagPage, em_tag_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (EM_TYPE_PAGE, page_iface_init))

void
_em_tag_page_show_toast (EmTagPage  *self,
            const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
_em_tag_page_update_actions (EmTagPage *self)
{
  gboolean has_model = self->results != NULL;
  gboolean has_predictions = has_model && self->results->predictions->len > 0;
  gboolean exporting = self->export_job != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.run", has_model && self->tag_job == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.cancel", self->tag_job != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.export-playlists", has_predictions && !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.export-csv", has_predictions && !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.export-json", has_predictions && !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.queue-uncertain", self->n_uncertain > 0);
}

/* "Three classes · trained 25 Nov 2026, 10:02 · CV accuracy 87.5 % (3 folds)" */
static char *
describe_model (const EmModelRecord *model,
                EmEnsembleMode       mode)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (model->created_at / G_USEC_PER_SEC);
  g_autofree char *date = created ? g_date_time_format (created, "%e %b %Y, %H:%M") : g_strdup ("");
  g_autoptr(JsonNode) metrics = model->metrics ? json_from_string (model->metrics, NULL) : NULL;
  JsonObject *object = metrics && JSON_NODE_HOLDS_OBJECT (metrics) ? json_node_get_object (metrics) : NULL;
  const char *kind = mode == EM_ENSEMBLE_MODE_BINARY ? _("Music or not") : _("Three classes");

  g_strstrip (date);
  if (object != NULL && json_object_has_member (object, "mean_accuracy"))
    {
      double accuracy = json_object_get_double_member (object, "mean_accuracy");
      gint64 k = json_object_get_int_member_with_default (object, "k", 0);

      /* Translators: model kind · date · cross-validated accuracy, folds */
      return g_strdup_printf (_("%s · trained %s · CV accuracy %.1f %% (%" G_GINT64_FORMAT " folds)"),
                              kind, date, 100.0 * accuracy, k);
    }

  /* Translators: model kind · date */
  return g_strdup_printf (_("%s · trained %s · no cross-validation"), kind, date);
}

static guint
count_uncertain (EmTagPage *self)
{
  double threshold = gtk_adjustment_get_value (self->threshold_adjustment);
  guint n = 0;

  for (guint i = 0; self->results != NULL && i < self->results->predictions->len; i++)
    if (em_chunk_prediction_get_confidence (g_ptr_array_index (self->results->predictions, i)) < threshold)
      n++;

  return n;
}

static void
update_uncertain (EmTagPage *self)
{
  g_autofree char *title = NULL;

  self->n_uncertain = count_uncertain (self);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u uncertain prediction",
                                        "%u uncertain predictions", self->n_uncertain),
                           self->n_uncertain);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->uncertain_row), title);
  _em_tag_page_update_actions (self);
}

static void
show_results (EmTagPage    *self,
              EmTagResults *results)
{
  g_autoptr(GPtrArray) tracks = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;

  g_clear_pointer (&self->results, em_tag_results_unref);
  g_clear_pointer (&self->n_chunks, g_hash_table_unref);
  self->results = em_tag_results_ref (results);

  title = g_strdup_printf (_("Model %" G_GINT64_FORMAT), results->model->id);
  subtitle = describe_model (results->model, results->mode);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row), title);
  adw_action_row_set_subtitle (self->model_row, subtitle);

  description = results->predictions->len == 0
    ? g_strdup (_("Nothing tagged yet: press Tag Library."))
    : g_strdup_printf (_("%u chunks of %u tracks tagged"), results->predictions->len, results->outros->len);
  adw_preferences_group_set_description (self->summary_group, description);
  em_tag_summary_rows_update (self->summary_rows, results);

  /* One splice, one items-changed: the filter and the sorter run once. */
  tracks = em_tag_tracks_build (results, &self->n_chunks);
  g_list_store_splice (self->tracks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tracks)),
                       tracks->pdata, tracks->len);

  update_uncertain (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
on_results_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EmTagPage) self = user_data;
  g_autoptr(EmTagResults) results = NULL;
  g_autoptr(GError) error = NULL;

  results = em_tag_results_load_finish (EM_STORE (source), result, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);

  if (error != NULL)
    {
      _em_tag_page_show_toast (self, error->message);
      gtk_stack_set_visible_child_name (self->stack, "no-model");
    }
  else if (results == NULL)
    {
      g_clear_pointer (&self->results, em_tag_results_unref);
      gtk_stack_set_visible_child_name (self->stack, "no-model");
    }
  else
    show_results (self, results);

  _em_tag_page_update_actions (self);
}

/**
 * em_tag_page_reload:
 * @self: the page
 *
 * Reads the active model's results again (after training a new model,
 * after tagging).  The old results stay on screen until the new ones
 * arrive.
 */
void
em_tag_page_reload (EmTagPage *self)
{
  g_return_if_fail (EM_IS_TAG_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->library == NULL)
    {
      g_clear_pointer (&self->results, em_tag_results_unref);
      gtk_stack_set_visible_child_name (self->stack, "no-library");
      _em_tag_page_update_actions (self);
      return;
    }

  if (self->results == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->load_cancellable = g_cancellable_new ();
  em_tag_results_load_async (em_library_get_store (self->library), 0, EM_TAG_DEFAULT_OUTRO_CHUNKS,
                             self->load_cancellable, on_results_loaded_cb, g_object_ref (self));
}

static void
em_tag_page_set_library (EmPage    *page,
                         EmLibrary *library)
{
  EmTagPage *self = EM_TAG_PAGE (page);

  if (self->library != library)
    g_clear_pointer (&self->results, em_tag_results_unref);
  g_set_object (&self->library, library);
  em_tag_page_reload (self);
}

/* The Train page may have made another model active meanwhile. */
static void
on_map_cb (EmTagPage *self)
{
  if (self->library != NULL && self->tag_job == NULL && self->load_cancellable == NULL)
    em_tag_page_reload (self);
}

static void
page_iface_init (EmPageInterface *iface)
{
  iface->set_library = em_tag_page_set_library;
}

/* Tagging */

static void
update_progress (EmTagPage *self)
{
  guint64 done = 0, total = 0;
  double eta;
  g_autofree char *text = NULL;

  if (self->tag_job == NULL)
    return;

  em_job_get_counts (self->tag_job, &done, &total);
  eta = em_job_get_eta_seconds (self->tag_job);
  gtk_progress_bar_set_fraction (self->progress_bar, em_job_get_fraction (self->tag_job));
  if (total == 0)
    text = em_job_dup_message (self->tag_job);
  else if (eta >= 0 && done > 0)
    /* Translators: chunks done, chunks to do, seconds left */
    text = g_strdup_printf (_("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " chunks · %.0f s left"),
                            done, total, eta);
  else
    text = g_strdup_printf (_("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " chunks"), done, total);
  adw_action_row_set_subtitle (self->progress_row, text ? text : "");
}

static void
set_running (EmTagPage *self,
             EmJob     *job)
{
  g_set_object (&self->tag_job, job);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), job != NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  adw_action_row_set_subtitle (self->progress_row, "");
  _em_tag_page_update_actions (self);
}

static void
report_summary (EmTagPage          *self,
                const EmTagSummary *summary)
{
  g_autofree char *message = NULL;

  if (summary->n_predicted == 0)
    message = g_strdup_printf (_("All %u chunks were already tagged by this model"), summary->n_chunks);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %u chunk", "Tagged %u chunks",
                                            summary->n_predicted),
                               summary->n_predicted);
  _em_tag_page_show_toast (self, message);
}

static void
on_tagged_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EmTagPage) self = user_data;
  g_autoptr(GError) error = NULL;
  EmTagSummary *summary;

  summary = em_tag_run_finish (EM_STORE (source), result, &error);
  if (self->tag_job != NULL)
    em_job_finish (self->tag_job);
  if (self->disposed)
    {
      g_clear_pointer (&summary, em_tag_summary_free);
      return;
    }
  set_running (self, NULL);

  if (summary != NULL)
    {
      g_clear_pointer (&self->last_summary, em_tag_summary_free);
      self->last_summary = summary;
      report_summary (self, summary);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _em_tag_page_show_toast (self, _("Tagging cancelled; finished chunks are kept and Tag Library resumes"));
  else
    _em_tag_page_show_toast (self, error->message);

  em_tag_page_reload (self);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  EmTagPage *self = EM_TAG_PAGE (widget);
  g_autoptr(EmJob) job = NULL;
  EmTagOptions options;

  if (self->library == NULL || self->tag_job != NULL || self->results == NULL)
    return;

  job = em_job_new (_("Tagging the library"));
  em_tag_options_init (&options);
  set_running (self, job);
  g_signal_connect_object (job, "notify::fraction", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::message", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  em_page_emit_job (EM_PAGE (self), job);
  em_tag_run_async (em_library_get_store (self->library), self->results->model->id, &options, job,
                    on_tagged_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EmTagPage *self = EM_TAG_PAGE (widget);

  if (self->tag_job != NULL)
    em_job_cancel (self->tag_job);
}

/* Low-confidence predictions, tracks */

static void
queue_uncertain_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EmTagPage *self = EM_TAG_PAGE (widget);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)em_label_queue_item_free);
  double threshold = gtk_adjustment_get_value (self->threshold_adjustment);
  g_autofree char *title = NULL;

  for (guint i = 0; self->results != NULL && i < self->results->predictions->len; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (self->results->predictions, i);
      EmLabelQueueItem *item;

      if (em_chunk_prediction_get_confidence (p) >= threshold)
        continue;
      item = g_new0 (EmLabelQueueItem, 1);
      *item = (EmLabelQueueItem) { g_strdup (p->path), p->chunk_idx, p->start_s, p->end_s,
                                   GPOINTER_TO_UINT (g_hash_table_lookup (self->n_chunks, p->path)) };
      g_ptr_array_add (items, item);
    }
  if (items->len == 0)
    return;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u uncertain prediction",
                                        "%u uncertain predictions", items->len), items->len);
  em_page_emit_queue (EM_PAGE (self), items, title);
}

static void
threshold_changed_cb (EmTagPage *self)
{
  update_uncertain (self);
}

static void
play_track_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EmTagPage *self = EM_TAG_PAGE (widget);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  g_autoptr(EmTagTrack) track = g_list_model_get_item (model, g_variant_get_uint32 (parameter));
  double start_s, end_s;

  if (track == NULL)
    return;
  em_tag_track_get_outro_span (track, &start_s, &end_s);
  if (!isnan (start_s) && !isnan (end_s))
    em_page_emit_play_chunk (EM_PAGE (self), em_tag_track_get_path (track), start_s, end_s);
}

static void
track_activated_cb (EmTagPage *self,
                    guint      position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tag.play-track", "u", position);
}

static gboolean
filter_track (gpointer item,
              gpointer user_data)
{
  EmTagPage *self = user_data;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *name = NULL;
  g_autofree char *needle = NULL;

  if (self->outro_only && !em_tag_track_get_has_outro (item))
    return FALSE;
  if (search == NULL || search[0] == '\0')
    return TRUE;

  name = g_utf8_casefold (em_tag_track_get_name (item), -1);
  needle = g_utf8_casefold (search, -1);
  return strstr (name, needle) != NULL;
}

static void
search_changed_cb (EmTagPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* GObject */

static void
em_tag_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EmTagPage *self = EM_TAG_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTRO_ONLY:
      g_value_set_boolean (value, self->outro_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_tag_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EmTagPage *self = EM_TAG_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTRO_ONLY:
      if (self->outro_only == g_value_get_boolean (value))
        break;
      self->outro_only = g_value_get_boolean (value);
      gtk_filter_changed (GTK_FILTER (self->filter), self->outro_only ? GTK_FILTER_CHANGE_MORE_STRICT
                                                                       : GTK_FILTER_CHANGE_LESS_STRICT);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_tag_page_dispose (GObject *object)
{
  EmTagPage *self = EM_TAG_PAGE (object);

  self->disposed = TRUE;
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->tag_job != NULL)
    em_job_cancel (self->tag_job);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->tag_job);
  g_clear_object (&self->export_job);
  g_clear_object (&self->library);

  gtk_widget_dispose_template (GTK_WIDGET (self), EM_TYPE_TAG_PAGE);

  G_OBJECT_CLASS (em_tag_page_parent_class)->dispose (object);
}

static void
em_tag_page_finalize (GObject *object)
{
  EmTagPage *self = EM_TAG_PAGE (object);

  g_clear_pointer (&self->summary_rows, em_tag_summary_rows_free);
  g_clear_pointer (&self->results, em_tag_results_unref);
  g_clear_pointer (&self->n_chunks, g_hash_table_unref);
  g_clear_pointer (&self->last_summary, em_tag_summary_free);
  g_clear_object (&self->tracks);
  g_clear_object (&self->filter);
  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (em_tag_page_parent_class)->finalize (object);
}

static void
em_tag_page_class_init (EmTagPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = em_tag_page_get_property;
  object_class->set_property = em_tag_page_set_property;
  object_class->dispose = em_tag_page_dispose;
  object_class->finalize = em_tag_page_finalize;

  /**
   * EmTagPage:outro-only:
   *
   * Whether the track list shows only the tracks that end with music.
   */
  properties[PROP_OUTRO_ONLY] = g_param_spec_boolean ("outro-only", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/earmark/Earmark/ui/em-tag-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, stack);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, threshold_adjustment);
  gtk_widget_class_bind_template_child (widget_class, EmTagPage, uncertain_row);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, threshold_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, track_activated_cb);

  gtk_widget_class_install_action (widget_class, "tag.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "tag.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "tag.export-playlists", "ms", _em_tag_page_export_action);
  gtk_widget_class_install_action (widget_class, "tag.export-csv", "ms", _em_tag_page_export_action);
  gtk_widget_class_install_action (widget_class, "tag.export-json", "ms", _em_tag_page_export_action);
  gtk_widget_class_install_action (widget_class, "tag.queue-uncertain", NULL, queue_uncertain_action);
  gtk_widget_class_install_action (widget_class, "tag.open-folder", "s", _em_tag_page_open_folder_action);
  gtk_widget_class_install_action (widget_class, "tag.play-track", "u", play_track_action);
  gtk_widget_class_install_property_action (widget_class, "tag.outro-only", "outro-only");
}

static void
em_tag_page_init (EmTagPage *self)
{
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: gtk_widget_dispose_template() would
   * unparent it behind AdwBin's back. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));

  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  self->summary_rows = em_tag_summary_rows_new (self->summary_group);
  self->tracks = g_list_store_new (EM_TYPE_TAG_TRACK);
  self->filter = gtk_custom_filter_new (filter_track, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->tracks)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  em_tag_tracks_append_columns (self->column_view);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (sorted))));

  update_uncertain (self);
  _em_tag_page_update_actions (self);
}

EmTagPage *
em_tag_page_new (void)
{
  return g_object_new (EM_TYPE_TAG_PAGE, NULL);
}

/**
 * em_tag_page_get_view:
 *
 * Returns: what the page shows: "no-library", "loading", "no-model"
 *   (the "Train a model first" state) or "content"
 */
const char *
em_tag_page_get_view (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * em_tag_page_is_busy:
 *
 * Returns: whether results are loading, tagging runs or an export is
 *   being written
 */
gboolean
em_tag_page_is_busy (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->tag_job != NULL || self->export_job != NULL;
}

/**
 * em_tag_page_get_results:
 *
 * Returns: (transfer none) (nullable): what the page shows
 */
EmTagResults *
em_tag_page_get_results (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), NULL);
  return self->results;
}

/**
 * em_tag_page_get_last_summary:
 *
 * Returns: (transfer none) (nullable): the summary of the last finished
 *   tagging run
 */
const EmTagSummary *
em_tag_page_get_last_summary (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), NULL);
  return self->last_summary;
}

/**
 * em_tag_page_get_class_count:
 *
 * Returns: the number of chunks the summary shows for @label
 */
guint
em_tag_page_get_class_count (EmTagPage *self,
                             EmLabel    label)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), 0);
  return em_tag_summary_rows_get_count (self->summary_rows, label);
}

/**
 * em_tag_page_get_track_model:
 *
 * Returns: (transfer none): the track list as shown (filtered, sorted)
 */
GListModel *
em_tag_page_get_track_model (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), NULL);
  return G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
}

double
em_tag_page_get_confidence_threshold (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), 0.0);
  return gtk_adjustment_get_value (self->threshold_adjustment);
}

/**
 * em_tag_page_set_confidence_threshold:
 * @threshold: predictions whose confidence is below it count as uncertain
 */
void
em_tag_page_set_confidence_threshold (EmTagPage *self,
                                      double     threshold)
{
  g_return_if_fail (EM_IS_TAG_PAGE (self));
  gtk_adjustment_set_value (self->threshold_adjustment, threshold);
}

guint
em_tag_page_get_n_uncertain (EmTagPage *self)
{
  g_return_val_if_fail (EM_IS_TAG_PAGE (self), 0);
  return self->n_uncertain;
}
