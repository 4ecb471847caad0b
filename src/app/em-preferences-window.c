/* em-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: chunk length, playback rate, auto-play and auto-advance,
 * each control bound to its GSettings key, so a change is saved at once
 * and every window reading the key follows it.
 */

#include "config.h"

#include "em-preferences-window.h"

struct _EmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkSpinButton        *chunk_spin;
  GtkSpinButton        *rate_spin;
  GtkSwitch            *auto_play_switch;
  GtkSwitch            *auto_advance_switch;
};

G_DEFINE_FINAL_TYPE (EmPreferencesWindow, em_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
em_preferences_window_finalize (GObject *object)
{
  EmPreferencesWindow *self = EM_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (em_preferences_window_parent_class)->finalize (object);
}

static void
em_preferences_window_class_init (EmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = em_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/em-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EmPreferencesWindow, chunk_spin);
  gtk_widget_class_bind_template_child (widget_class, EmPreferencesWindow, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, EmPreferencesWindow, auto_play_switch);
  gtk_widget_class_bind_template_child (widget_class, EmPreferencesWindow, auto_advance_switch);
}

static void
em_preferences_window_init (EmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "chunk-seconds",
                   gtk_spin_button_get_adjustment (self->chunk_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "playback-rate",
                   gtk_spin_button_get_adjustment (self->rate_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-play", self->auto_play_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-advance", self->auto_advance_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

/**
 * em_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Returns: (transfer full): a new preferences window, modal to @parent
 */
GtkWidget *
em_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (EM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
