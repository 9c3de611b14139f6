#ifndef YUQING_CZLIB_SHIM_H
#define YUQING_CZLIB_SHIM_H

#include <zlib.h>

/*
 * deflateInit2 and inflateInit2 are macros, which Swift cannot call. These wrappers open
 * streams in gzip format (windowBits 15 + 16), so that files read with zcat.
 */
static inline int yq_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int yq_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
