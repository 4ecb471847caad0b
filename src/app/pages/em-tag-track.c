/* em-tag-track.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the Tag page's track list: a track, how many of its chunks
 * the model tagged, the class most of them got, and the outro verdict.
 * Built from the loaded EmTagResults in one pass over the predictions
 * (which come sorted by path, then chunk).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "em-tag-track.h"

struct _EmTagTrack
{
  GObject  parent_instance;

  char    *path;
  char    *name;
  guint    n_chunks;
  EmLabel  verdict;
  EmEnsembleMode mode;
  gboolean has_outro;
  double   outro_start_s;
  double   end_s;
  double   last_start_s;
};

G_DEFINE_FINAL_TYPE (EmTagTrack, em_tag_track, G_TYPE_OBJECT)

static void
em_tag_track_finalize (GObject *object)
{
  EmTagTrack *self = EM_TAG_TRACK (object);

  g_free (self->path);
  g_free (self->name);

  G_OBJECT_CLASS (em_tag_track_parent_class)->finalize (object);
}

static void
em_tag_track_class_init (EmTagTrackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = em_tag_track_finalize;
}

static void
em_tag_track_init (EmTagTrack *self)
{
  self->outro_start_s = NAN;
  self->end_s = NAN;
  self->last_start_s = NAN;
}

const char *
em_tag_track_get_path (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), NULL);
  return self->path;
}

const char *
em_tag_track_get_name (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), NULL);
  return self->name;
}

guint
em_tag_track_get_n_chunks (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), 0);
  return self->n_chunks;
}

/* The class most of the track's chunks got (ties: music, dialogue, both). */
EmLabel
em_tag_track_get_verdict (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), EM_LABEL_NONE);
  return self->verdict;
}

gboolean
em_tag_track_get_has_outro (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), FALSE);
  return self->has_outro;
}

/* Where the outro music starts, NaN when the track has none. */
double
em_tag_track_get_outro_start (EmTagTrack *self)
{
  g_return_val_if_fail (EM_IS_TAG_TRACK (self), NAN);
  return self->outro_start_s;
}

/**
 * em_tag_track_get_outro_span:
 *
 * What to play for the track: its outro music up to the end, or, when it
 * has none, its last chunk.
 */
void
em_tag_track_get_outro_span (EmTagTrack *self,
                             double     *start_s,
                             double     *end_s)
{
  g_return_if_fail (EM_IS_TAG_TRACK (self));

  *start_s = self->has_outro && !isnan (self->outro_start_s) ? self->outro_start_s : self->last_start_s;
  *end_s = self->end_s;
}

static EmTagTrack *
track_new (const EmChunkPrediction *first,
           const EmTrackOutro      *outro,
           EmEnsembleMode           mode)
{
  EmTagTrack *self = g_object_new (EM_TYPE_TAG_TRACK, NULL);

  self->mode = mode;
  self->path = g_strdup (first->path);
  self->name = g_path_get_basename (first->path);
  if (outro != NULL)
    {
      self->has_outro = outro->has_outro_music;
      self->outro_start_s = outro->has_outro_music ? outro->music_start_s : NAN;
    }

  return self;
}

static void
track_finish (EmTagTrack  *self,
              const guint *counts)
{
  static const EmLabel order[] = { EM_LABEL_MUSIC, EM_LABEL_DIALOGUE, EM_LABEL_BOTH };

  self->verdict = EM_LABEL_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (counts[order[i]] > 0 && (self->verdict == EM_LABEL_NONE || counts[order[i]] > counts[self->verdict]))
      self->verdict = order[i];
}

/**
 * em_tag_tracks_build:
 * @results: loaded results
 * @n_chunks: (out) (transfer full): path → tagged chunks of the track
 *   (GUINT_TO_POINTER), keys owned by the items' paths' copies
 *
 * Returns: (transfer full) (element-type EmTagTrack): one item per track,
 *   by path, to splice into a list store in one go
 */
GPtrArray *
em_tag_tracks_build (EmTagResults  *results,
                     GHashTable   **n_chunks)
{
  g_autoptr(GHashTable) outros = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) counts_by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  EmTagTrack *track = NULL;
  guint counts[EM_N_LABELS] = { 0 };

  for (guint i = 0; i < results->outros->len; i++)
    {
      EmTrackOutro *o = g_ptr_array_index (results->outros, i);
      g_hash_table_insert (outros, o->path, o);
    }

  for (guint i = 0; i < results->predictions->len; i++)
    {
      const EmChunkPrediction *p = g_ptr_array_index (results->predictions, i);

      if (track == NULL || g_strcmp0 (track->path, p->path) != 0)
        {
          if (track != NULL)
            track_finish (track, counts);
          memset (counts, 0, sizeof counts);
          track = track_new (p, g_hash_table_lookup (outros, p->path), results->mode);
          g_ptr_array_add (items, track);
        }
      track->n_chunks++;
      counts[p->label]++;
      if (p->chunk_idx == 0)
        {
          track->last_start_s = p->start_s;
          track->end_s = p->end_s;
        }
    }
  if (track != NULL)
    track_finish (track, counts);

  for (guint i = 0; i < items->len; i++)
    {
      EmTagTrack *t = g_ptr_array_index (items, i);
      g_hash_table_insert (counts_by_path, g_strdup (t->path), GUINT_TO_POINTER (t->n_chunks));
    }
  *n_chunks = g_steal_pointer (&counts_by_path);

  return g_steal_pointer (&items);
}

/**
 * em_tag_format_time:
 * @seconds: a time in the track
 *
 * Returns: (transfer full): "m:ss" ("h:mm:ss" from an hour), "" for NaN
 */
char *
em_tag_format_time (double seconds)
{
  guint total;

  if (isnan (seconds))
    return g_strdup ("");

  total = (guint)floor (MAX (seconds, 0) + 0.5);
  if (total >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", total / 3600, total / 60 % 60, total % 60);

  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

/**
 * em_tag_label_title:
 *
 * Returns: the class as the page names it; binary models predict
 *   "contains music" (%EM_LABEL_MUSIC) or "no music" (%EM_LABEL_DIALOGUE)
 */
const char *
em_tag_label_title (EmLabel        label,
                    EmEnsembleMode mode)
{
  gboolean binary = mode == EM_ENSEMBLE_MODE_BINARY;

  switch (label)
    {
    case EM_LABEL_MUSIC:
      return binary ? _("Contains music") : _("Music");
    case EM_LABEL_DIALOGUE:
      return binary ? _("No music") : _("Dialogue");
    case EM_LABEL_BOTH:
      return _("Both");
    case EM_LABEL_NONE:
    default:
      return "";
    }
}

typedef enum
{
  COL_TRACK,
  COL_CHUNKS,
  COL_VERDICT,
  COL_OUTRO,
  COL_OUTRO_START,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  gboolean    numeric;
} columns[N_COLUMNS] = {
  { N_("Track"), FALSE },
  { N_("Chunks"), TRUE },
  { N_("Mostly"), FALSE },
  { N_("Outro Music"), FALSE },
  { N_("Outro Starts"), TRUE },
};

static char *
cell_text (EmTagTrack *track,
           Column      column)
{
  switch (column)
    {
    case COL_TRACK:
      return g_strdup (track->name);
    case COL_CHUNKS:
      return g_strdup_printf ("%u", track->n_chunks);
    case COL_VERDICT:
      return g_strdup (em_tag_label_title (track->verdict, track->mode));
    case COL_OUTRO:
      return g_strdup (track->has_outro ? _("Yes") : _("No"));
    case COL_OUTRO_START:
      return em_tag_format_time (track->has_outro ? track->outro_start_s : NAN);
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
  Column column = GPOINTER_TO_UINT (user_data);
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
  EmTagTrack *track = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  Column column = GPOINTER_TO_UINT (user_data);
  g_autofree char *text = cell_text (track, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, column == COL_TRACK ? track->path : NULL);
}

static int
compare_doubles (double a,
                 double b)
{
  /* NaN (no outro) sorts after every time. */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_tracks (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const EmTagTrack *x = a, *y = b;
  int by_name = g_utf8_collate (x->name, y->name);

  switch ((Column)GPOINTER_TO_UINT (user_data))
    {
    case COL_CHUNKS:
      return x->n_chunks != y->n_chunks ? (x->n_chunks > y->n_chunks) - (x->n_chunks < y->n_chunks) : by_name;
    case COL_VERDICT:
      return x->verdict != y->verdict ? (int)x->verdict - (int)y->verdict : by_name;
    case COL_OUTRO:
      return x->has_outro != y->has_outro ? y->has_outro - x->has_outro : by_name;
    case COL_OUTRO_START:
      return compare_doubles (x->outro_start_s, y->outro_start_s) != 0
             ? compare_doubles (x->outro_start_s, y->outro_start_s) : by_name;
    case COL_TRACK:
    case N_COLUMNS:
    default:
      return by_name;
    }
}

/**
 * em_tag_tracks_append_columns:
 * @view: the Tag page's track list
 *
 * Appends the track, chunks, mostly, outro music and outro start
 * columns, each sortable.
 */
void
em_tag_tracks_append_columns (GtkColumnView *view)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_tracks, GUINT_TO_POINTER (i), NULL);
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == COL_TRACK);
      gtk_column_view_append_column (view, column);
      g_object_unref (sorter);
      g_object_unref (column);
    }
}
