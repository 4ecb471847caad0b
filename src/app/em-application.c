/* em-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "em-application.h"
#include "em-preferences-window.h"
#include "em-window.h"

struct _EmApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (EmApplication, em_application, ADW_TYPE_APPLICATION)

static EmWindow *
get_or_create_window (EmApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (em_window_new (self));

  return EM_WINDOW (window);
}

/* `earmark` alone reopens the library opened last, if it still exists. */
static void
em_application_activate (GApplication *app)
{
  gboolean is_new = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
  EmWindow *window = get_or_create_window (EM_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (is_new)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *last = g_settings_get_string (settings, "last-folder");

      if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GFile) folder = g_file_new_for_path (last);
          em_window_open_folder (window, folder);
        }
    }
}

/* `earmark FOLDER` opens and scans the folder. */
static void
em_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  EmWindow *window = get_or_create_window (EM_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  if (n_files > 0)
    em_window_open_folder (window, files[0]);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Earmark developers", NULL };
  GtkApplication *app = user_data;
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "transient-for", gtk_application_get_active_window (app),
                "application-name", _("Earmark"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Earmark developers"),
                "developers", developers,
                "comments", _("Find the music and the dialogue in large libraries of spoken-word audio."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "website", "https://github.com/earmark/earmark",
                "issue-url", "https://github.com/earmark/earmark/issues",
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWidget *preferences = em_preferences_window_new (gtk_application_get_active_window (user_data));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
em_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *cancel_accels[] = { "Escape", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  /* Alt+1 … Alt+6 follow the order of the view switcher. */
  static const char *views[] = { "library", "label", "explore", "train", "tag", "summary" };

  G_APPLICATION_CLASS (em_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open-folder", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.cancel-scan", cancel_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-view::%s", views[i]);
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (app), action, accels);
    }
}

static void
em_application_class_init (EmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = em_application_activate;
  app_class->open = em_application_open;
  app_class->startup = em_application_startup;
}

static void
em_application_init (EmApplication *self)
{
}

EmApplication *
em_application_new (void)
{
  return g_object_new (EM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
