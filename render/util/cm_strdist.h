/* cm_strdist.h — how far apart two words are, for "did you mean …?" suggestions. */
#ifndef CM_STRDIST_H
#define CM_STRDIST_H

/* The Levenshtein distance between the UTF-8 strings A and B, counted in characters
 * (code points) over their first CM_EDIT_DISTANCE_MAX characters, and capped at
 * CM_EDIT_DISTANCE_MAX: insertions, deletions and substitutions of one character each
 * cost 1. */
#define CM_EDIT_DISTANCE_MAX 100
int cm_edit_distance(const char *a, const char *b);

#endif
