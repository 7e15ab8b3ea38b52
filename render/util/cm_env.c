/* cm_env.c — size caps read from the environment (cm_env_cap, declared in cm_error.h
 * beside the error it sets). */
#include "cm_error.h"

bool
cm_env_cap(const char *var, guint64 def, guint64 max, guint64 *out, GError **error)
{
    const char *env = g_getenv(var);
    guint64 v = def;
    if (env && !g_ascii_string_to_unsigned(env, 10, 1, max, &v, NULL)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s=%s: want a whole number above 0 (or leave it unset for %" G_GUINT64_FORMAT
                    ")",
                    var, env, def);
        return false;
    }
    *out = v;
    return true;
}
