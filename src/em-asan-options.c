/* em-asan-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into Earmark's executables; does something only in sanitizer
 * builds.  GLib never frees its first quark block once GStreamer's quarks
 * outgrow it (lock-free readers may still hold it), which LeakSanitizer
 * reports as a 16-KiB leak allocated from GLib's constructor.  Exactly
 * that stack is suppressed; seeing the constructor frame needs the full
 * malloc stack, hence the slower unwinder.
 */

#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

const char *
__lsan_default_suppressions (void)
{
  /* FFmpeg's MP3 decoder (gst-libav) keeps the side data of its last
   * packets: a system library's leak, not ours. */
  return "leak:_dl_init\nleak:libavcodec.so\nleak:libavutil.so\n";
}

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int em_asan_options_unused;
#endif
