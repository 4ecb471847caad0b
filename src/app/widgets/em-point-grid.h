/* em-point-grid.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _EmPointGrid EmPointGrid;

EmPointGrid *em_point_grid_new             (const float  *xy,
                                            guint         n_points);
void         em_point_grid_free            (EmPointGrid  *grid);
guint        em_point_grid_get_n_points    (const EmPointGrid *grid);
const float *em_point_grid_get_xy          (const EmPointGrid *grid);
gboolean     em_point_grid_get_bounds      (const EmPointGrid *grid,
                                            float        *x0,
                                            float        *y0,
                                            float        *x1,
                                            float        *y1);
int          em_point_grid_nearest         (const EmPointGrid *grid,
                                            double        x,
                                            double        y,
                                            double        scale_x,
                                            double        scale_y,
                                            double        radius);
void         em_point_grid_collect_rect    (const EmPointGrid *grid,
                                            double        x0,
                                            double        y0,
                                            double        x1,
                                            double        y1,
                                            GArray       *indices);
void         em_point_grid_collect_polygon (const EmPointGrid *grid,
                                            const double *polygon,
                                            guint         n_vertices,
                                            GArray       *indices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EmPointGrid, em_point_grid_free)

G_END_DECLS
