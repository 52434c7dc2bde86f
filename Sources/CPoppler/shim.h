#ifndef NIANBAO_CPOPPLER_SHIM_H
#define NIANBAO_CPOPPLER_SHIM_H

#include <poppler.h>
#include <cairo.h>

/// GLib macros Swift cannot import.
static inline GQuark nianbao_poppler_error_quark(void) { return POPPLER_ERROR; }
static inline void nianbao_g_free(void *p) { g_free(p); }
static inline void nianbao_g_object_unref(void *p) { if (p) g_object_unref(p); }

#endif
