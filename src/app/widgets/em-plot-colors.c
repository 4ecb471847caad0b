/* em-plot-colors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colours every plot uses, from the GNOME palette, so that "music" is
 * the same blue in the waveform, the scatter plot and the confusion matrix.
 * Dark mode takes the lighter shade of each hue.
 */

#include "config.h"

#include "em-plot-colors.h"

typedef struct
{
  const char *light;
  const char *dark;
} EmShade;

/* GNOME palette hues in an order where neighbours differ clearly. */
static const EmShade cluster_shades[] = {
  { "#3584e4", "#62a0ea" },  /* blue 3 / 2 */
  { "#ff7800", "#ffa348" },  /* orange */
  { "#2ec27e", "#57e389" },  /* green */
  { "#9141ac", "#c061cb" },  /* purple */
  { "#e01b24", "#f66151" },  /* red */
  { "#f6d32d", "#f8e45c" },  /* yellow */
  { "#865e3c", "#b5835a" },  /* brown */
  { "#1c71d8", "#99c1f1" },  /* dark blue / light blue */
  { "#26a269", "#8ff0a4" },  /* dark green / light green */
  { "#c64600", "#ffbe6f" },  /* dark orange / light orange */
};

static const EmShade none_shade = { "#9a9996", "#77767b" };  /* light 5 / dark 1 */

static void
pick (const EmShade *shade,
      gboolean       dark,
      GdkRGBA       *color)
{
  gdk_rgba_parse (color, dark ? shade->dark : shade->light);
}

/**
 * em_plot_colors_for_label:
 * @label: a label; %EM_LABEL_NONE gives the neutral grey
 * @dark: whether the style is dark
 * @color: (out): the colour
 */
void
em_plot_colors_for_label (EmLabel  label,
                          gboolean dark,
                          GdkRGBA *color)
{
  switch (label)
    {
    case EM_LABEL_MUSIC:
      pick (&cluster_shades[0], dark, color);
      break;
    case EM_LABEL_DIALOGUE:
      pick (&cluster_shades[1], dark, color);
      break;
    case EM_LABEL_BOTH:
      pick (&cluster_shades[3], dark, color);
      break;
    case EM_LABEL_NONE:
    default:
      pick (&none_shade, dark, color);
      break;
    }
}

/**
 * em_plot_colors_for_cluster:
 * @cluster: a cluster number from 0, or %EM_PLOT_NO_CLUSTER (grey)
 * @dark: whether the style is dark
 * @color: (out): the colour; hues repeat after ten clusters
 */
void
em_plot_colors_for_cluster (guint    cluster,
                            gboolean dark,
                            GdkRGBA *color)
{
  if (cluster == EM_PLOT_NO_CLUSTER)
    pick (&none_shade, dark, color);
  else
    pick (&cluster_shades[cluster % G_N_ELEMENTS (cluster_shades)], dark, color);
}

/**
 * em_plot_colors_for_value:
 * @value: a value in [0, 1] (e.g. a confidence); NaN gives grey
 * @dark: whether the style is dark
 * @color: (out): from red (0) through yellow to green (1)
 */
void
em_plot_colors_for_value (double   value,
                          gboolean dark,
                          GdkRGBA *color)
{
  GdkRGBA low, mid, high;
  const GdkRGBA *from, *to;
  double t;

  if (!(value >= 0.0 && value <= 1.0))  /* NaN too */
    {
      pick (&none_shade, dark, color);
      return;
    }

  pick (&cluster_shades[4], dark, &low);
  pick (&cluster_shades[5], dark, &mid);
  pick (&cluster_shades[2], dark, &high);
  from = value < 0.5 ? &low : &mid;
  to = value < 0.5 ? &mid : &high;
  t = value < 0.5 ? value * 2.0 : (value - 0.5) * 2.0;
  color->red = from->red + (to->red - from->red) * t;
  color->green = from->green + (to->green - from->green) * t;
  color->blue = from->blue + (to->blue - from->blue) * t;
  color->alpha = 1.0;
}
