/* cm_dataset.h — the model: entities and their dated items, as read from one file.
 *
 * An entity is a row subject (a country, a treaty); its key is its code when the
 * file has one, else its name, so "DE" rows from different lines land on one
 * entity. An item is either a point event (one date) or a span (start, and an
 * end or "open" when it runs on to the present). A member that left and
 * rejoined is one entity with two spans.
 *
 * Invariants: every item's entity index is valid; for a closed span
 * first_day(start) <= first_day(end); strings are owned by the dataset's chunk
 * and live as long as it does. Items keep file order; entities keep the order
 * of their first row.
 *
 * Lifecycle: cm_dataset_new() / cm_dataset_free(). Once built, a dataset is
 * read-only: later stages take it as const.
 *
 * In force on a day (the one rule; maps, the step layout, alt text and the
 * map's border notes all ask cm_item_in_force*, never the dates themselves):
 * an item is in force on day D when  from <= D < until,  where
 *   from  = cm_date_first_day(start)
 *   until = cm_date_first_day(end) for a closed span; none (CM_DAY_NEVER)
 *           for an open span or a point event (a signed treaty stays signed).
 * Both dates of a span are the days a change took effect: a member joins on
 * its start and is out on its end ("left 1966-07-01": not a member on
 * 1 July 1966; France "outside the integrated command 1966-07-01 to
 * 2009-04-04" is back in on 4 April 2009). A date of year, quarter or month
 * precision stands for its first day, at either end, as a start "1999" has
 * always counted from 1 January 1999: a span ending "2020" is out from
 * 2020-01-01, one ending "2020-01" from 2020-01-01. So "1990–2000" followed
 * by "2000–2010" neither overlaps nor leaves a gap, and a span whose end
 * equals its start is in force on no day. A day D given as a coarse date
 * (--as-of 1990) is its first day too.
 */
#ifndef CM_DATASET_H
#define CM_DATASET_H

#include "cm_date.h"

typedef struct {
    const char *key;   /* code if any, else name */
    const char *name;  /* display name */
    const char *code;  /* ISO code as written, or NULL */
    const char *group; /* group of its first row, or NULL */
    const char *label; /* label of its first row, or NULL */
    int line;          /* first line it appears on */
} cm_entity_t;

typedef enum { CM_ITEM_EVENT, CM_ITEM_SPAN } cm_item_kind_t;

/* How much a row's label matters when a figure is crowded (the priority column): a MUST
 * label is placed before every other and never left out where the layout can make room
 * (a growing figure grows for it); HIGH before the rest; LOW after them. */
typedef enum {
    CM_PRIORITY_LOW = -1,
    CM_PRIORITY_NORMAL = 0,
    CM_PRIORITY_HIGH = 1,
    CM_PRIORITY_MUST = 2,
} cm_priority_t;

typedef struct {
    cm_item_kind_t kind;
    int entity;         /* index into entities */
    cm_date_t start;    /* the event's date, or the span's start */
    cm_date_t end;      /* span end; prec NONE when open or an event */
    bool open;          /* span still running */
    const char *label;  /* may be NULL */
    const char *group;  /* may be NULL */
    const char *note;   /* may be NULL */
    const char *source; /* may be NULL */
    int line;           /* line in the source file */
    cm_priority_t priority;
} cm_item_t;

typedef struct {
    /* owned */
    GStringChunk *strings;
    GArray *entities;   /* cm_entity_t */
    GArray *items;      /* cm_item_t */
    GHashTable *by_key; /* key -> index+1, keys in strings */
    const char *path;   /* file name as given, in strings */
} cm_dataset_t;

cm_dataset_t *cm_dataset_new(const char *path);
void cm_dataset_free(cm_dataset_t *ds);

/* Interns S in the dataset's string chunk; NULL and "" give NULL. */
const char *cm_dataset_intern(cm_dataset_t *ds, const char *s);
/* Returns the index of the entity with KEY, creating it (with NAME, CODE,
 * GROUP, LABEL, LINE) when new. */
int cm_dataset_entity(cm_dataset_t *ds, const char *key, const char *name, const char *code,
                      const char *group, const char *label, int line);
/* Appends a copy of ITEM (its strings must already be interned). */
void cm_dataset_add_item(cm_dataset_t *ds, const cm_item_t *item);

static inline int
cm_dataset_n_entities(const cm_dataset_t *ds)
{
    return (int)ds->entities->len;
}
static inline int
cm_dataset_n_items(const cm_dataset_t *ds)
{
    return (int)ds->items->len;
}
static inline const cm_entity_t *
cm_dataset_get_entity(const cm_dataset_t *ds, int i)
{
    return &g_array_index(ds->entities, cm_entity_t, i);
}
static inline const cm_item_t *
cm_dataset_get_item(const cm_dataset_t *ds, int i)
{
    return &g_array_index(ds->items, cm_item_t, i);
}

/* ---- in force on a day ---- */

/* The "until" of an item that never stops being in force. */
#define CM_DAY_NEVER INT64_MAX

/* First day IT is in force: the first day of its start. */
int64_t cm_item_in_force_from(const cm_item_t *it);
/* First day IT is no longer in force (exclusive): the first day of a closed
 * span's end; CM_DAY_NEVER for an open span or an event. */
int64_t cm_item_in_force_until(const cm_item_t *it);
/* True when IT is in force on day number DAY (see the rule above). */
bool cm_item_in_force_on(const cm_item_t *it, int64_t day);
/* True when IT is in force on DATE, read as its first day. */
bool cm_item_in_force(const cm_item_t *it, const cm_date_t *date);

/* Earliest first day and latest end day over all items (open spans count
 * their start only). Returns false for an empty dataset. */
bool cm_dataset_extent(const cm_dataset_t *ds, int64_t *first, int64_t *last);

#endif
