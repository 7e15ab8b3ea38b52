/* cm_error.c — the libchronomap GError domain. */
#include "cm_error.h"

G_DEFINE_QUARK(cm - error - quark, cm_error)
