/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Removed once the module has its first real source file. */
