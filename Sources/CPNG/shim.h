#ifndef DIFFUSIONODE_CPNG_SHIM_H
#define DIFFUSIONODE_CPNG_SHIM_H

#include <png.h>

/* PNG_IMAGE_VERSION and the format constants are macros Swift cannot import as values. */
static inline png_uint_32 cpng_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 cpng_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 cpng_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline int cpng_image_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }

#endif
