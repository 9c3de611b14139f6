#ifndef YUQING_CUCHARDET_SHIM_H
#define YUQING_CUCHARDET_SHIM_H
/* uchardet guesses the charset of a document that declares none. */
#include <uchardet.h>
#endif
