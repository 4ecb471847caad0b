/* em-library-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Library page's columns: cell text, per-column sorters and the
 * row filters. Plain functions over EmChunkItem so the page only wires
 * models and actions.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "em-library-columns.h"

typedef enum
{
  COL_FILE,
  COL_CHUNK,
  COL_SPAN,
  COL_DURATION,
  COL_LABEL,
  COL_PREDICTION,
  COL_CONFIDENCE,
  N_COLUMNS
} EmLibraryColumn;

G_STATIC_ASSERT (N_COLUMNS == EM_LIBRARY_N_COLUMNS);

static const struct {
  const char *id;
  const char *title;
  gboolean    numeric;
} columns[N_COLUMNS] = {
  { "file", N_("File"), FALSE },
  { "chunk", N_("Chunk"), TRUE },
  { "span", N_("Start – End"), TRUE },
  { "duration", N_("Duration"), TRUE },
  { "label", N_("Label"), FALSE },
  { "prediction", N_("Prediction"), FALSE },
  { "confidence", N_("Confidence"), TRUE },
};

/* Filtering and sorting */

gboolean
em_library_filter_matches (EmLibraryFilter  mode,
                EmChunkItem     *item)
{
  EmChunkKind kind = em_chunk_item_get_kind (item);
  double confidence;

  if (mode == EM_LIBRARY_FILTER_ERRORS)
    return kind == EM_CHUNK_KIND_ERROR;
  if (kind != EM_CHUNK_KIND_CHUNK)
    return FALSE;

  switch (mode)
    {
    case EM_LIBRARY_FILTER_ALL:
      return TRUE;
    case EM_LIBRARY_FILTER_UNLABELLED:
      return em_chunk_item_get_label (item) == EM_LABEL_NONE;
    case EM_LIBRARY_FILTER_MUSIC:
    case EM_LIBRARY_FILTER_DIALOGUE:
    case EM_LIBRARY_FILTER_BOTH:
      return (int) em_chunk_item_get_label (item) ==
             (int) (EM_LABEL_MUSIC + (mode - EM_LIBRARY_FILTER_MUSIC));
    case EM_LIBRARY_FILTER_PREDICTED_MUSIC:
    case EM_LIBRARY_FILTER_PREDICTED_DIALOGUE:
    case EM_LIBRARY_FILTER_PREDICTED_BOTH:
      return (int) em_chunk_item_get_prediction (item) ==
             (int) (EM_LABEL_MUSIC + (mode - EM_LIBRARY_FILTER_PREDICTED_MUSIC));
    case EM_LIBRARY_FILTER_LOW_CONFIDENCE:
      confidence = em_chunk_item_get_confidence (item);
      return !isnan (confidence) && confidence < EM_LIBRARY_LOW_CONFIDENCE;
    case EM_LIBRARY_FILTER_ERRORS:
    default:
      return FALSE;
    }
}

static int
compare_double (double a,
                double b)
{
  /* NaN (no prediction) sorts first. */
  if (isnan (a) || isnan (b))
    return isnan (b) ? (isnan (a) ? 0 : 1) : -1;
  return (a > b) - (a < b);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  EmChunkItem *x = (EmChunkItem *) a, *y = (EmChunkItem *) b;
  int result = 0;

  switch ((EmLibraryColumn) GPOINTER_TO_UINT (user_data))
    {
    case COL_FILE:
      result = g_utf8_collate (em_chunk_item_get_file_name (x), em_chunk_item_get_file_name (y));
      break;
    case COL_CHUNK:
      result = (em_chunk_item_get_chunk_idx (x) > em_chunk_item_get_chunk_idx (y)) -
               (em_chunk_item_get_chunk_idx (x) < em_chunk_item_get_chunk_idx (y));
      break;
    case COL_SPAN:
      result = compare_double (em_chunk_item_get_start (x), em_chunk_item_get_start (y));
      break;
    case COL_DURATION:
      result = compare_double (em_chunk_item_get_duration (x), em_chunk_item_get_duration (y));
      break;
    case COL_LABEL:
      result = (int) em_chunk_item_get_label (x) - (int) em_chunk_item_get_label (y);
      break;
    case COL_PREDICTION:
      result = (int) em_chunk_item_get_prediction (x) - (int) em_chunk_item_get_prediction (y);
      break;
    case COL_CONFIDENCE:
      result = compare_double (em_chunk_item_get_confidence (x), em_chunk_item_get_confidence (y));
      break;
    case N_COLUMNS:
    default:
      break;
    }
  /* Ties keep library order, so a sort is stable and predictable. */
  if (result == 0)
    result = (em_chunk_item_get_position (x) > em_chunk_item_get_position (y)) -
             (em_chunk_item_get_position (x) < em_chunk_item_get_position (y));
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Cells */

static char *
format_time (double seconds)
{
  guint tenths = (guint) (MAX (0.0, seconds) * 10.0 + 0.5);

  return g_strdup_printf ("%u:%02u.%u", tenths / 600, tenths / 10 % 60, tenths % 10);
}

static char *
cell_text (EmChunkItem     *item,
           EmLibraryColumn  column)
{
  gboolean is_error = em_chunk_item_get_kind (item) == EM_CHUNK_KIND_ERROR;
  g_autofree char *start = NULL, *end = NULL;

  if (column == COL_FILE)
    return g_strdup (em_chunk_item_get_file_name (item));
  if (is_error)
    return g_strdup (column == COL_LABEL ? em_chunk_item_get_error (item) : "");

  switch (column)
    {
    case COL_CHUNK:
      return g_strdup_printf ("%u", em_chunk_item_get_chunk_idx (item));
    case COL_SPAN:
      start = format_time (em_chunk_item_get_start (item));
      end = format_time (em_chunk_item_get_end (item));
      return g_strdup_printf ("%s – %s", start, end);
    case COL_DURATION:
      return g_strdup_printf ("%.1f s", em_chunk_item_get_duration (item));
    case COL_LABEL:
      return g_strdup (em_chunk_item_get_label (item) == EM_LABEL_NONE ? "" :
                       em_label_to_string (em_chunk_item_get_label (item)));
    case COL_PREDICTION:
      return g_strdup (em_chunk_item_get_prediction (item) == EM_LABEL_NONE ? "" :
                       em_label_to_string (em_chunk_item_get_prediction (item)));
    case COL_CONFIDENCE:
      if (isnan (em_chunk_item_get_confidence (item)))
        return g_strdup ("");
      return g_strdup_printf ("%.2f", em_chunk_item_get_confidence (item));
    case COL_FILE:
    case N_COLUMNS:
    default:
      return g_strdup ("");
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  EmLibraryColumn column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  EmChunkItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = cell_text (item, GPOINTER_TO_UINT (user_data));
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (GPOINTER_TO_UINT (user_data) == COL_FILE)
    gtk_widget_set_tooltip_text (label, em_chunk_item_get_path (item));
}

/**
 * em_library_columns_append:
 * @view: the page's column view
 * @out_columns: (out caller-allocates) (array fixed-size=7): the columns,
 *   owned by @view
 *
 * Appends the file, chunk, start–end, duration, label, prediction and
 * confidence columns, each with its sorter.
 */
void
em_library_columns_append (GtkColumnView        *view,
                           GtkColumnViewColumn **out_columns)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_items, GUINT_TO_POINTER (i), NULL);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      out_columns[i] = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (out_columns[i], GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (out_columns[i], TRUE);
      gtk_column_view_column_set_expand (out_columns[i], i == COL_FILE);
      gtk_column_view_append_column (view, out_columns[i]);
      g_object_unref (sorter);
      g_object_unref (out_columns[i]);   /* the view holds it */
    }
}

/**
 * em_library_column_id:
 * @column: 0 … %EM_LIBRARY_N_COLUMNS - 1
 *
 * Returns: the column's id ("file", "chunk", "span", "duration", "label",
 *   "prediction", "confidence")
 */
const char *
em_library_column_id (guint column)
{
  g_return_val_if_fail (column < N_COLUMNS, NULL);
  return columns[column].id;
}
