/* em-waveform.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The waveform of a track with its chunks and a playhead. As in Sysprof
 * and Decibels, the expensive part (≤ one bar per pixel column, read from
 * the peak pyramid level whose bin is at most a pixel, plus the chunk
 * tints and boundaries) is recorded once into a render node and reused
 * while width, height, zoom, scroll and colours stay the same; the
 * playhead and the current chunk's outline are drawn on top every frame,
 * so playback redraws two rectangles, not the waveform.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-waveform.h"

/* Keyboard seek steps (s). */
#define SMALL_STEP_S 1.0
#define LARGE_STEP_S 10.0
/* Each Ctrl+scroll step zooms by this factor. */
#define ZOOM_STEP 1.25
/* Above this zoom the view would show less than one sample per pixel. */
#define ZOOM_MAX_WITHOUT_PEAKS 1000.0
/* Boundaries closer than this are not drawn: a 3-hour track has 1,080
 * chunks, about one per pixel, and lines there would only grey the view
 * (and cost the cairo renderer a rectangle each). */
#define MIN_BOUNDARY_SPACING_PX 3.0

typedef struct
{
  GdkRGBA wave;
  GdkRGBA boundary;
  GdkRGBA accent;
  GdkRGBA tints[EM_N_LABELS];
} Palette;

struct _EmWaveform
{
  GtkWidget      parent_instance;

  EmPeaks       *peaks;
  double         duration;       /* used when there are no peaks */
  GArray        *chunks;         /* EmWaveformChunk; [i] = i-th from the end */
  int            current_chunk;
  double         position;
  double         zoom;
  double         view_start;
  double         pointer_x;      /* < 0 when the pointer is outside */
  double         drag_start_x;
  gint64         announced_s;    /* whole seconds last given to a11y */

  /* What the cached node was drawn for. */
  GskRenderNode *cache;
  gboolean       cache_valid;
  int            cache_width;
  int            cache_height;
  double         cache_zoom;
  double         cache_view_start;
  GdkRGBA        cache_fg;
};

G_DEFINE_FINAL_TYPE (EmWaveform, em_waveform, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PEAKS,
  PROP_DURATION,
  PROP_POSITION,
  PROP_ZOOM,
  PROP_CURRENT_CHUNK,
  N_PROPS
};

enum {
  SEEK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
invalidate (EmWaveform *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  self->cache_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
visible_seconds (EmWaveform *self)
{
  return em_waveform_get_duration (self) / self->zoom;
}

static double
x_for_time (EmWaveform *self,
            double      t,
            int         width)
{
  double visible = visible_seconds (self);

  return visible > 0 ? (t - self->view_start) / visible * width : 0.0;
}

/* Keeps the visible range inside the track. */
static void
clamp_view (EmWaveform *self)
{
  double max_start = em_waveform_get_duration (self) - visible_seconds (self);

  self->view_start = CLAMP (self->view_start, 0.0, MAX (max_start, 0.0));
}

static double
max_zoom (EmWaveform *self)
{
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);

  if (self->peaks == NULL)
    return ZOOM_MAX_WITHOUT_PEAKS;
  return MAX (1.0, (double) em_peaks_get_n_samples (self->peaks) / width);
}

/* Zooms keeping the time under @anchor_x where it is. */
static void
zoom_around (EmWaveform *self,
             double      zoom,
             double      anchor_x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double anchor_t, fraction;

  zoom = CLAMP (zoom, 1.0, max_zoom (self));
  if (zoom == self->zoom)
    return;

  fraction = width > 0 ? CLAMP (anchor_x / width, 0.0, 1.0) : 0.5;
  anchor_t = self->view_start + fraction * visible_seconds (self);
  self->zoom = zoom;
  self->view_start = anchor_t - fraction * visible_seconds (self);
  clamp_view (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
format_time (char   *buf,
             gsize   size,
             double  seconds)
{
  gint64 s = (gint64) floor (MAX (seconds, 0.0));

  if (s >= 3600)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  else
    g_snprintf (buf, size, "%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
update_accessible (EmWaveform *self)
{
  char now[32], total[32];
  g_autofree char *text = NULL;
  double duration = em_waveform_get_duration (self);

  format_time (now, sizeof now, self->position);
  format_time (total, sizeof total, duration);
  /* Translators: the playback position in a track, "1:23 of 10:00" */
  text = g_strdup_printf (_("%s of %s"), now, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, duration,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->position,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  self->announced_s = (gint64) floor (self->position);
}

static void
seek_to (EmWaveform *self,
         double      t)
{
  t = CLAMP (t, 0.0, em_waveform_get_duration (self));
  em_waveform_set_position (self, t);
  g_signal_emit (self, signals[SEEK], 0, t);
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* Colours: the foreground from the style context for the waveform, the
 * accent for the playhead and the GNOME palette for labels; stronger in
 * high contrast, lighter shades in dark mode. */
static void
compute_palette (EmWaveform *self,
                 Palette    *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean hc = adw_style_manager_get_high_contrast (manager);
  double tint_alpha = hc ? 0.45 : dark ? 0.30 : 0.22;

  gtk_style_context_get_color (context, &palette->wave);
  palette->boundary = palette->wave;
  palette->wave.alpha *= hc ? 1.0 : 0.8;
  palette->boundary.alpha *= hc ? 0.9 : 0.35;
  lookup_color (context, "accent_color", "#1c71d8", &palette->accent);

  palette->tints[EM_LABEL_NONE] = (GdkRGBA) { 0, 0, 0, 0 };
  lookup_color (context, dark ? "blue_2" : "blue_3", dark ? "#62a0ea" : "#3584e4",
                &palette->tints[EM_LABEL_MUSIC]);
  lookup_color (context, dark ? "orange_2" : "orange_3", dark ? "#ffa348" : "#ff7800",
                &palette->tints[EM_LABEL_DIALOGUE]);
  lookup_color (context, dark ? "purple_2" : "purple_3", dark ? "#c061cb" : "#9141ac",
                &palette->tints[EM_LABEL_BOTH]);
  for (guint i = EM_LABEL_MUSIC; i < EM_N_LABELS; i++)
    palette->tints[i].alpha = tint_alpha;
}

static void
chunk_tint (const EmWaveformChunk *chunk,
            const Palette         *palette,
            GdkRGBA               *tint)
{
  *tint = palette->tints[(guint) chunk->label < EM_N_LABELS ? chunk->label : EM_LABEL_NONE];
  if (chunk->predicted)
    tint->alpha *= 0.5;
}

/* Tints run from the start of the track (the last chunk in the array);
 * neighbours of the same colour become one rectangle. */
static void
append_chunks (EmWaveform    *self,
               GtkSnapshot   *snapshot,
               const Palette *palette,
               int            width,
               int            height)
{
  GdkRGBA run_tint = { 0, 0, 0, 0 }, tint;
  double run_x0 = 0, run_x1 = 0;

  for (guint i = self->chunks != NULL ? self->chunks->len : 0; i-- > 0;)
    {
      const EmWaveformChunk *chunk = &g_array_index (self->chunks, EmWaveformChunk, i);
      double x0 = CLAMP (x_for_time (self, chunk->start_s, width), 0, width);
      double x1 = CLAMP (x_for_time (self, chunk->end_s, width), 0, width);

      chunk_tint (chunk, palette, &tint);
      if (gdk_rgba_equal (&tint, &run_tint) && x0 <= run_x1 + 0.5)
        {
          run_x1 = MAX (run_x1, x1);
          continue;
        }
      if (run_tint.alpha > 0 && run_x1 > run_x0)
        gtk_snapshot_append_color (snapshot, &run_tint, &GRAPHENE_RECT_INIT (run_x0, 0, run_x1 - run_x0, height));
      run_tint = tint;
      run_x0 = x0;
      run_x1 = x1;
    }
  if (run_tint.alpha > 0 && run_x1 > run_x0)
    gtk_snapshot_append_color (snapshot, &run_tint, &GRAPHENE_RECT_INIT (run_x0, 0, run_x1 - run_x0, height));
}

static void
append_boundary (GtkSnapshot   *snapshot,
                 const Palette *palette,
                 double         x,
                 double        *last_x,
                 int            width,
                 int            height)
{
  x = floor (x);
  if (x < 0 || x > width || fabs (x - *last_x) < MIN_BOUNDARY_SPACING_PX)
    return;
  *last_x = x;
  gtk_snapshot_append_color (snapshot, &palette->boundary, &GRAPHENE_RECT_INIT (MIN (x, width - 1), 0, 1, height));
}

/* A boundary between two chunks is drawn once; the outer edges of the
 * first and last chunk are drawn too, inside the widget. */
static void
append_boundaries (EmWaveform    *self,
                   GtkSnapshot   *snapshot,
                   const Palette *palette,
                   int            width,
                   int            height)
{
  double last_x = -G_MAXDOUBLE;

  for (guint i = self->chunks != NULL ? self->chunks->len : 0; i-- > 0;)
    {
      const EmWaveformChunk *chunk = &g_array_index (self->chunks, EmWaveformChunk, i);
      const EmWaveformChunk *later = i > 0 ? &g_array_index (self->chunks, EmWaveformChunk, i - 1) : NULL;

      append_boundary (snapshot, palette, x_for_time (self, chunk->start_s, width), &last_x, width, height);
      if (later == NULL || fabs (later->start_s - chunk->end_s) > 1e-6)
        append_boundary (snapshot, palette, x_for_time (self, chunk->end_s, width), &last_x, width, height);
    }
}

/* One bar per pixel column from the coarsest level whose bin fits in a
 * pixel; silent columns draw nothing. */
static void
append_peaks (EmWaveform    *self,
              GtkSnapshot   *snapshot,
              const Palette *palette,
              int            width,
              int            height)
{
  double rate, visible, spp, mid = height / 2.0;
  guint level;

  if (self->peaks == NULL || em_peaks_get_n_samples (self->peaks) == 0)
    return;

  rate = em_peaks_get_rate (self->peaks);
  visible = visible_seconds (self);
  spp = visible * rate / width;
  level = em_peaks_get_level_for (self->peaks, spp);

  for (int x = 0; x < width; x++)
    {
      double t0 = self->view_start + x * visible / width;
      gsize first = (gsize) (t0 * rate);
      gsize end = (gsize) ((t0 + visible / width) * rate);
      float lo, hi;
      double top, bottom;

      em_peaks_get_range (self->peaks, level, first, MAX (end, first + 1), &lo, &hi);
      top = mid - CLAMP (hi, -1.0f, 1.0f) * mid;
      bottom = mid - CLAMP (lo, -1.0f, 1.0f) * mid;
      if (bottom - top < 0.5)
        continue;
      gtk_snapshot_append_color (snapshot, &palette->wave, &GRAPHENE_RECT_INIT (x, top, 1, bottom - top));
    }
}

static void
rebuild_cache (EmWaveform    *self,
               const Palette *palette,
               int            width,
               int            height)
{
  GtkSnapshot *recorder = gtk_snapshot_new ();

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  if (em_waveform_get_duration (self) > 0)
    {
      append_chunks (self, recorder, palette, width, height);
      append_peaks (self, recorder, palette, width, height);
      append_boundaries (self, recorder, palette, width, height);
    }
  self->cache = gtk_snapshot_free_to_node (recorder);
  self->cache_valid = TRUE;
  self->cache_width = width;
  self->cache_height = height;
  self->cache_zoom = self->zoom;
  self->cache_view_start = self->view_start;
  self->cache_fg = palette->wave;
}

static gboolean
cache_fits (EmWaveform    *self,
            const Palette *palette,
            int            width,
            int            height)
{
  return self->cache_valid &&
         self->cache_width == width &&
         self->cache_height == height &&
         self->cache_zoom == self->zoom &&
         self->cache_view_start == self->view_start &&
         gdk_rgba_equal (&self->cache_fg, &palette->wave);
}

static void
append_overlays (EmWaveform    *self,
                 GtkSnapshot   *snapshot,
                 const Palette *palette,
                 int            width,
                 int            height)
{
  double x;

  if (self->chunks != NULL && self->current_chunk >= 0 && (guint) self->current_chunk < self->chunks->len)
    {
      const EmWaveformChunk *chunk = &g_array_index (self->chunks, EmWaveformChunk, self->current_chunk);
      double x0 = CLAMP (x_for_time (self, chunk->start_s, width), 0, width);
      double x1 = CLAMP (x_for_time (self, chunk->end_s, width), 0, width);
      const float widths[4] = { 2, 2, 2, 2 };
      const GdkRGBA colors[4] = { palette->accent, palette->accent, palette->accent, palette->accent };
      GskRoundedRect outline;

      if (x1 > x0)
        {
          gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height), 0);
          gtk_snapshot_append_border (snapshot, &outline, widths, colors);
        }
    }

  x = x_for_time (self, self->position, width);
  if (x >= 0 && x <= width)
    gtk_snapshot_append_color (snapshot, &palette->accent,
                               &GRAPHENE_RECT_INIT (CLAMP (floor (x) - 1, 0, width - 2), 0, 2, height));
}

static void
em_waveform_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  EmWaveform *self = EM_WAVEFORM (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Palette palette;

  if (width <= 0 || height <= 0 || em_waveform_get_duration (self) <= 0)
    return;

  compute_palette (self, &palette);
  if (!cache_fits (self, &palette, width, height))
    rebuild_cache (self, &palette, width, height);
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);

  append_overlays (self, snapshot, &palette, width, height);
}

static void
em_waveform_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 64;
      *natural = 400;
    }
  else
    {
      *minimum = 48;
      *natural = 96;
    }
}

static void
em_waveform_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  EmWaveform *self = EM_WAVEFORM (widget);

  /* A narrower view may allow less zoom; the cache is keyed by size. */
  if (self->zoom > max_zoom (self))
    zoom_around (self, max_zoom (self), width / 2.0);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   EmWaveform            *self)
{
  double target;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = self->position - SMALL_STEP_S;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = self->position + SMALL_STEP_S;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      target = self->position - LARGE_STEP_S;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      target = self->position + LARGE_STEP_S;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = 0.0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = em_waveform_get_duration (self);
      break;
    default:
      return FALSE;
    }

  if (em_waveform_get_duration (self) <= 0)
    return FALSE;
  seek_to (self, target);
  return TRUE;
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  EmWaveform     *self)
{
  if (em_waveform_get_duration (self) <= 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  seek_to (self, em_waveform_get_time_at_x (self, x));
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   EmWaveform     *self)
{
  if (em_waveform_get_duration (self) <= 0)
    return;
  seek_to (self, em_waveform_get_time_at_x (self, self->drag_start_x + offset_x));
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              EmWaveform               *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (em_waveform_get_duration (self) <= 0)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      zoom_around (self, self->zoom * pow (ZOOM_STEP, -dy), self->pointer_x >= 0 ? self->pointer_x : width / 2.0);
      return TRUE;
    }

  /* Plain scrolling pans a zoomed view and is left to a scrolled parent
   * otherwise. */
  if (self->zoom <= 1.0)
    return FALSE;
  self->view_start += (dx + dy) * 0.1 * visible_seconds (self);
  clamp_view (self);
  invalidate (self);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              EmWaveform               *self)
{
  self->pointer_x = x;
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             EmWaveform               *self)
{
  self->pointer_x = -1;
}

static void
on_style_changed_cb (EmWaveform *self)
{
  invalidate (self);
}

static void
em_waveform_dispose (GObject *object)
{
  EmWaveform *self = EM_WAVEFORM (object);

  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->peaks, em_peaks_unref);
  g_clear_pointer (&self->chunks, g_array_unref);

  G_OBJECT_CLASS (em_waveform_parent_class)->dispose (object);
}

static void
em_waveform_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EmWaveform *self = EM_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_PEAKS:
      g_value_set_boxed (value, self->peaks);
      break;
    case PROP_DURATION:
      g_value_set_double (value, em_waveform_get_duration (self));
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CURRENT_CHUNK:
      g_value_set_int (value, self->current_chunk);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_waveform_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EmWaveform *self = EM_WAVEFORM (object);

  switch (prop_id)
    {
    case PROP_PEAKS:
      em_waveform_set_peaks (self, g_value_get_boxed (value));
      break;
    case PROP_DURATION:
      em_waveform_set_duration (self, g_value_get_double (value));
      break;
    case PROP_POSITION:
      em_waveform_set_position (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      em_waveform_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_CURRENT_CHUNK:
      em_waveform_set_current_chunk (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_waveform_class_init (EmWaveformClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_waveform_dispose;
  object_class->get_property = em_waveform_get_property;
  object_class->set_property = em_waveform_set_property;

  widget_class->snapshot = em_waveform_snapshot;
  widget_class->measure = em_waveform_measure;
  widget_class->size_allocate = em_waveform_size_allocate;

  properties[PROP_PEAKS] =
    g_param_spec_boxed ("peaks", NULL, NULL, EM_TYPE_PEAKS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1.0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_CHUNK] =
    g_param_spec_int ("current-chunk", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EmWaveform::seek:
   * @waveform: the waveform
   * @position: the time the user picked (s)
   *
   * A click, a drag or a key asked to play from @position.
   */
  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "waveform");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
add_controllers (EmWaveform *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

static void
em_waveform_init (EmWaveform *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  self->zoom = 1.0;
  self->current_chunk = -1;
  self->pointer_x = -1;
  self->announced_s = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  add_controllers (self);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (on_style_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waveform"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Click or use the arrow keys to choose where to play from"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
em_waveform_new (void)
{
  return g_object_new (EM_TYPE_WAVEFORM, NULL);
}

EmPeaks *
em_waveform_get_peaks (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), NULL);
  return self->peaks;
}

/* Draws @peaks, whose length is then the duration. The zoom resets to the
 * whole track. */
void
em_waveform_set_peaks (EmWaveform *self,
                       EmPeaks    *peaks)
{
  g_return_if_fail (EM_IS_WAVEFORM (self));

  if (self->peaks == peaks)
    return;
  g_clear_pointer (&self->peaks, em_peaks_unref);
  self->peaks = peaks != NULL ? em_peaks_ref (peaks) : NULL;
  self->zoom = 1.0;
  self->view_start = 0.0;
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEAKS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* The peaks' duration, or the one set with em_waveform_set_duration()
 * while there are none. */
double
em_waveform_get_duration (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), 0.0);

  if (self->peaks != NULL)
    return em_peaks_get_duration (self->peaks);
  return self->duration;
}

/* Lets chunks and the playhead show before the peaks are computed;
 * ignored once peaks are set. */
void
em_waveform_set_duration (EmWaveform *self,
                          double      duration_s)
{
  g_return_if_fail (EM_IS_WAVEFORM (self));

  duration_s = MAX (duration_s, 0.0);
  if (self->duration == duration_s)
    return;
  self->duration = duration_s;
  if (self->peaks != NULL)
    return;
  clamp_view (self);
  invalidate (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/* @chunks[0] is the last chunk of the track (counted from the end, as
 * EmChunk.index and the store count them). Call again when a label or a
 * prediction changes; the current chunk is kept if it still exists. */
void
em_waveform_set_chunks (EmWaveform            *self,
                        const EmWaveformChunk *chunks,
                        guint                  n_chunks)
{
  g_return_if_fail (EM_IS_WAVEFORM (self));
  g_return_if_fail (chunks != NULL || n_chunks == 0);

  g_clear_pointer (&self->chunks, g_array_unref);
  if (n_chunks > 0)
    {
      self->chunks = g_array_sized_new (FALSE, FALSE, sizeof (EmWaveformChunk), n_chunks);
      g_array_append_vals (self->chunks, chunks, n_chunks);
    }
  if (self->current_chunk >= (int) n_chunks)
    em_waveform_set_current_chunk (self, -1);
  invalidate (self);
}

guint
em_waveform_get_n_chunks (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), 0);
  return self->chunks != NULL ? self->chunks->len : 0;
}

/* The outlined chunk (the one being labelled), counted from the end, or -1. */
int
em_waveform_get_current_chunk (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), -1);
  return self->current_chunk;
}

void
em_waveform_set_current_chunk (EmWaveform *self,
                               int         index)
{
  g_return_if_fail (EM_IS_WAVEFORM (self));

  index = MAX (index, -1);
  if (self->current_chunk == index)
    return;
  self->current_chunk = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CHUNK]);
}

double
em_waveform_get_position (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), 0.0);
  return self->position;
}

/* Moves the playhead (an overlay: the waveform is not redrawn). A zoomed
 * view pages along to keep the playhead visible. */
void
em_waveform_set_position (EmWaveform *self,
                          double      position_s)
{
  double visible;

  g_return_if_fail (EM_IS_WAVEFORM (self));

  position_s = MAX (position_s, 0.0);
  if (self->position == position_s)
    return;
  self->position = position_s;

  visible = visible_seconds (self);
  if (self->zoom > 1.0 && (position_s < self->view_start || position_s > self->view_start + visible))
    {
      self->view_start = position_s - 0.1 * visible;
      clamp_view (self);
      invalidate (self);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  if ((gint64) floor (position_s) != self->announced_s)
    update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
em_waveform_get_zoom (EmWaveform *self)
{
  g_return_val_if_fail (EM_IS_WAVEFORM (self), 1.0);
  return self->zoom;
}

/* Zooms around the playhead when it is visible, around the middle
 * otherwise (Ctrl+scroll zooms around the pointer). */
void
em_waveform_set_zoom (EmWaveform *self,
                      double      zoom)
{
  int width;
  double x;

  g_return_if_fail (EM_IS_WAVEFORM (self));

  width = gtk_widget_get_width (GTK_WIDGET (self));
  x = x_for_time (self, self->position, width);
  zoom_around (self, zoom, x >= 0 && x <= width ? x : width / 2.0);
}

void
em_waveform_get_visible_range (EmWaveform *self,
                               double     *start_s,
                               double     *end_s)
{
  g_return_if_fail (EM_IS_WAVEFORM (self));

  if (start_s != NULL)
    *start_s = self->view_start;
  if (end_s != NULL)
    *end_s = self->view_start + visible_seconds (self);
}

/* Returns the track time drawn at @x (s), clamped to the track */
double
em_waveform_get_time_at_x (EmWaveform *self,
                           double      x)
{
  int width;
  double t;

  g_return_val_if_fail (EM_IS_WAVEFORM (self), 0.0);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (width <= 0)
    return 0.0;
  t = self->view_start + x / width * visible_seconds (self);
  return CLAMP (t, 0.0, em_waveform_get_duration (self));
}
