/* em-plot-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves any plot widget as PNG or SVG, as it is drawn on screen: the
 * widget's paintable is snapshotted into a render node and the node is
 * drawn with cairo onto an image surface (PNG) or an SVG surface, over
 * the view background so the file reads well outside the app. Textures
 * in the node (the scatter plot's point cloud) end up as embedded
 * images in the SVG; lines and text stay vectors.
 */

#include "config.h"

#include <cairo-svg.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "em-plot-export.h"

typedef enum
{
  FORMAT_PNG,
  FORMAT_SVG,
} Format;

typedef struct
{
  GOutputStream *stream;
  GError        *error;
} Writer;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Writer *writer = closure;

  if (writer->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (writer->stream, data, length, NULL, NULL, &writer->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
format_for_file (GFile   *file,
                 Format  *format)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  if (lower != NULL && g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (lower != NULL && g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else
    return FALSE;
  return TRUE;
}

/* The widget as drawn, over its view background. */
static GskRenderNode *
render_node (GtkWidget *plot,
             int        width,
             int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (plot);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkRGBA bg;

  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (plot), "view_bg_color", &bg))
    gdk_rgba_parse (&bg, "#ffffff");
  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
draw_to_stream (GskRenderNode  *node,
                Format          format,
                int             width,
                int             height,
                GOutputStream  *stream,
                GError        **error)
{
  Writer writer = { stream, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (format == FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (write_cb, &writer, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  if (format == FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, &writer);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * em_plot_export_to_file:
 * @plot: a plot widget that is shown
 * @file: where to save; the extension (.png or .svg) picks the format
 * @error: return location for an error naming the file
 *
 * Saves @plot at its current size.
 *
 * Returns: whether the file was written
 */
gboolean
em_plot_export_to_file (GtkWidget  *plot,
                        GFile      *file,
                        GError    **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  int width, height;
  Format format;

  g_return_val_if_fail (GTK_IS_WIDGET (plot), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (!format_for_file (file, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save the plot as “%s”: the file name must end in .png or .svg"), name);
      return FALSE;
    }
  width = gtk_widget_get_width (plot);
  height = gtk_widget_get_height (plot);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot save the plot as “%s”: the plot is not shown"), name);
      return FALSE;
    }

  node = render_node (plot, width, height);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &local_error);
  if (stream == NULL ||
      !draw_to_stream (node, format, width, height, G_OUTPUT_STREAM (stream), &local_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot save the plot as “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GtkWidget            *plot;
  GtkWindow            *parent;
  GtkFileChooserNative *chooser;
  GtkFileFilter        *svg_filter;
} DialogData;

static void
dialog_data_free (DialogData *data)
{
  g_clear_object (&data->plot);
  g_clear_object (&data->parent);
  g_clear_object (&data->chooser);
  g_clear_object (&data->svg_filter);
  g_free (data);
}

/* A name typed without an extension gets the one of the chosen filter. */
static GFile *
file_with_extension (DialogData *data,
                     GFile      *file)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (data->chooser));
  g_autofree char *path = NULL;
  g_autofree char *with_extension = NULL;
  Format format;

  if (format_for_file (file, &format) || (path = g_file_get_path (file)) == NULL)
    return g_object_ref (file);
  with_extension = g_strconcat (path, filter == data->svg_filter ? ".svg" : ".png", NULL);
  return g_file_new_for_path (with_extension);
}

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Could Not Export the Plot"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_response_cb (GtkNativeDialog *chooser,
                int              response,
                DialogData      *data)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      file = file_with_extension (data, chosen);
      if (!em_plot_export_to_file (data->plot, file, &error))
        show_error (data->parent, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  dialog_data_free (data);
}

static GtkFileFilter *
make_filter (const char *name,
             const char *mime_type,
             const char *pattern)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  return filter;
}

/**
 * em_plot_export_run_dialog:
 * @plot: the plot to save
 * @parent: (nullable): the window the dialog belongs to
 * @suggested_name: (nullable): the file name offered, e.g. "scatter.png"
 *
 * Asks where to save @plot (PNG or SVG) and saves it there; a failure is
 * shown in a message dialog naming the file.
 */
void
em_plot_export_run_dialog (GtkWidget  *plot,
                           GtkWindow  *parent,
                           const char *suggested_name)
{
  DialogData *data;
  g_autoptr(GtkFileFilter) png = NULL;

  g_return_if_fail (GTK_IS_WIDGET (plot));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  data = g_new0 (DialogData, 1);
  data->plot = g_object_ref (plot);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->chooser = gtk_file_chooser_native_new (_("Export Plot"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  png = make_filter (_("PNG Image"), "image/png", "*.png");
  data->svg_filter = make_filter (_("SVG Image"), "image/svg+xml", "*.svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), png);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), data->svg_filter);
  if (suggested_name != NULL && g_str_has_suffix (suggested_name, ".svg"))
    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (data->chooser), data->svg_filter);
  else
    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (data->chooser), png);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser),
                                     suggested_name != NULL ? suggested_name : "plot.png");
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}
