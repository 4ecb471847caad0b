/* em-label-controls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Label page's playback controls: speed (0.5×–2×, pitch kept by the
 * player) and volume.  The speed is the GSettings key "playback-rate",
 * shared with the Preferences window; "auto-play" and "auto-advance" are
 * read here too so that the page asks one object.  Without the schema
 * (a build run uninstalled) the controls work unsaved, with the defaults.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "em-label-controls.h"
#include "em-player.h"

struct _EmLabelControls
{
  GtkWidget        parent_instance;

  GtkDropDown     *rate_dropdown;
  GtkScaleButton  *volume_button;

  GSettings       *settings;
  GArray          *rates;     /* double, the drop-down's entries */
  double           rate;
  gboolean         auto_play;
  gboolean         auto_advance;
  gboolean         updating;
};

enum {
  PROP_0,
  PROP_RATE,
  PROP_VOLUME,
  PROP_AUTO_PLAY,
  PROP_AUTO_ADVANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EmLabelControls, em_label_controls, GTK_TYPE_WIDGET)

static const double preset_rates[] = { 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0 };

static gboolean
same_rate (double a,
           double b)
{
  return fabs (a - b) < 1e-6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The presets, plus the current rate where it is none of them (a value
 * set in the Preferences window), in ascending order. */
static void
rebuild_rate_model (EmLabelControls *self)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (self->rates, 0);
  g_array_append_vals (self->rates, preset_rates, G_N_ELEMENTS (preset_rates));
  for (guint i = 0; i < G_N_ELEMENTS (preset_rates); i++)
    if (same_rate (self->rate, preset_rates[i]))
      break;
    else if (i + 1 == G_N_ELEMENTS (preset_rates))
      {
        g_array_append_val (self->rates, self->rate);
        g_array_sort (self->rates, compare_doubles);
      }
  for (guint i = 0; i < self->rates->len; i++)
    {
      double rate = g_array_index (self->rates, double, i);
      /* Translators: a playback speed, "1.25×" */
      g_autofree char *text = g_strdup_printf (_("%g×"), rate);

      gtk_string_list_append (strings, text);
      if (same_rate (rate, self->rate))
        selected = i;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->rate_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->rate_dropdown, selected);
  self->updating = FALSE;
}

static void
on_rate_selected_cb (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     EmLabelControls *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  (void) pspec;
  if (self->updating || selected >= self->rates->len)
    return;
  em_label_controls_set_rate (self, g_array_index (self->rates, double, selected));
}

static void
on_volume_changed_cb (GtkScaleButton  *button,
                      double           value,
                      EmLabelControls *self)
{
  (void) button;
  (void) value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

static GSettings *
settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, "playback-rate")
      || !g_settings_schema_has_key (schema, "auto-play")
      || !g_settings_schema_has_key (schema, "auto-advance"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
em_label_controls_dispose (GObject *object)
{
  EmLabelControls *self = EM_LABEL_CONTROLS (object);
  GtkWidget *child;

  if (self->settings != NULL)
    {
      g_settings_unbind (self, "rate");
      g_settings_unbind (self, "auto-play");
      g_settings_unbind (self, "auto-advance");
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), EM_TYPE_LABEL_CONTROLS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (em_label_controls_parent_class)->dispose (object);
}

static void
em_label_controls_finalize (GObject *object)
{
  EmLabelControls *self = EM_LABEL_CONTROLS (object);

  g_clear_pointer (&self->rates, g_array_unref);

  G_OBJECT_CLASS (em_label_controls_parent_class)->finalize (object);
}

static void
em_label_controls_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EmLabelControls *self = EM_LABEL_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, em_label_controls_get_volume (self));
      break;
    case PROP_AUTO_PLAY:
      g_value_set_boolean (value, self->auto_play);
      break;
    case PROP_AUTO_ADVANCE:
      g_value_set_boolean (value, self->auto_advance);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_label_controls_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EmLabelControls *self = EM_LABEL_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_RATE:
      em_label_controls_set_rate (self, g_value_get_double (value));
      break;
    case PROP_VOLUME:
      em_label_controls_set_volume (self, g_value_get_double (value));
      break;
    case PROP_AUTO_PLAY:
      self->auto_play = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_AUTO_ADVANCE:
      self->auto_advance = g_value_get_boolean (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
em_label_controls_class_init (EmLabelControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = em_label_controls_dispose;
  object_class->finalize = em_label_controls_finalize;
  object_class->get_property = em_label_controls_get_property;
  object_class->set_property = em_label_controls_set_property;

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, EM_PLAYER_RATE_MIN, EM_PLAYER_RATE_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_PLAY] =
    g_param_spec_boolean ("auto-play", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_ADVANCE] =
    g_param_spec_boolean ("auto-advance", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/earmark/Earmark/ui/em-label-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, EmLabelControls, rate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EmLabelControls, volume_button);
  gtk_widget_class_bind_template_callback (widget_class, on_rate_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
em_label_controls_init (EmLabelControls *self)
{
  self->rates = g_array_new (FALSE, FALSE, sizeof (double));
  self->rate = 1.0;
  self->auto_play = TRUE;
  self->auto_advance = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild_rate_model (self);

  self->settings = settings_if_installed ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "playback-rate", self, "rate", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "auto-play", self, "auto-play", G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "auto-advance", self, "auto-advance", G_SETTINGS_BIND_GET);
    }
}

double
em_label_controls_get_rate (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), 1.0);
  return self->rate;
}

/* Clamped to 0.5–2; saved to "playback-rate" through the binding. */
void
em_label_controls_set_rate (EmLabelControls *self,
                            double           rate)
{
  guint i;

  g_return_if_fail (EM_IS_LABEL_CONTROLS (self));

  rate = CLAMP (rate, EM_PLAYER_RATE_MIN, EM_PLAYER_RATE_MAX);
  if (same_rate (rate, self->rate))
    return;
  self->rate = rate;
  /* Called from the drop-down's own notify::selected too: its model must
   * not be replaced then, only when the rate is none of its entries. */
  for (i = 0; i < self->rates->len; i++)
    if (same_rate (g_array_index (self->rates, double, i), rate))
      break;
  if (i == self->rates->len)
    rebuild_rate_model (self);
  else if (gtk_drop_down_get_selected (self->rate_dropdown) != i)
    {
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->rate_dropdown, i);
      self->updating = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
em_label_controls_get_volume (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), 1.0);
  return gtk_scale_button_get_value (self->volume_button);
}

void
em_label_controls_set_volume (EmLabelControls *self,
                              double           volume)
{
  g_return_if_fail (EM_IS_LABEL_CONTROLS (self));
  gtk_scale_button_set_value (self->volume_button, CLAMP (volume, 0.0, 1.0));
}

gboolean
em_label_controls_get_auto_play (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), TRUE);
  return self->auto_play;
}

gboolean
em_label_controls_get_auto_advance (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), TRUE);
  return self->auto_advance;
}

GtkWidget *
em_label_controls_get_rate_widget (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), NULL);
  return GTK_WIDGET (self->rate_dropdown);
}

GtkWidget *
em_label_controls_get_volume_widget (EmLabelControls *self)
{
  g_return_val_if_fail (EM_IS_LABEL_CONTROLS (self), NULL);
  return GTK_WIDGET (self->volume_button);
}
