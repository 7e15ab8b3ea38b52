/* cm_strdist.c — the edit distance behind every suggestion (unknown manifest keys,
 * unknown column headers).
 *
 * Wagner–Fischer with one row (R. A. Wagner and M. J. Fischer, "The String-to-String
 * Correction Problem", JACM 21(1), 1974), over code points so that "Beitrittsdatum" and
 * "가입일" count letters, not bytes. The strings are cut to CM_EDIT_DISTANCE_MAX
 * characters: the words compared are option names and headers, and a bound keeps the
 * work fixed whatever a file holds.
 */
#include "cm_strdist.h"

#include <glib.h>

/* The first CM_EDIT_DISTANCE_MAX characters of S into OUT; returns how many. */
static int
decode(const char *s, gunichar *out)
{
    int n = 0;
    for (const char *p = s; *p && n < CM_EDIT_DISTANCE_MAX; p = g_utf8_next_char(p))
        out[n++] = g_utf8_get_char(p);
    return n;
}

int
cm_edit_distance(const char *a, const char *b)
{
    gunichar ua[CM_EDIT_DISTANCE_MAX] = {0}, ub[CM_EDIT_DISTANCE_MAX] = {0};
    int na = decode(a, ua), nb = decode(b, ub);
    int row[CM_EDIT_DISTANCE_MAX + 1] = {0};
    for (int j = 0; j <= nb; j++)
        row[j] = j;
    for (int i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= nb; j++) {
            int up = row[j];
            int best = MIN(row[j] + 1, row[j - 1] + 1);
            row[j] = MIN(best, diag + (ua[i - 1] != ub[j - 1]));
            diag = up;
        }
    }
    return MIN(row[nb], CM_EDIT_DISTANCE_MAX);
}
