/* cm_alt.h — alt text: a figure described in words, built from its data.
 *
 * Every figure gets a short text description for readers who cannot see it:
 * what kind of figure, the span of years, how many entities or events, the
 * groups in time order with their counts, and the latest state ("Timeline,
 * 1949 to 2024: How NATO grew. 32 members in 11 groups: 12 in 1949 (1949
 * founders), …; 32 members since 7 March 2024."). It goes into the SVG's
 * <desc>, the PDF's Subject, and --alt-text FILE.
 *
 * Two steps, so any figure kind can use it: collect cm_alt_facts_t (from a
 * dataset with cm_alt_facts_from_dataset, then adjust: a map sets kind and
 * its as-of date), then cm_alt_text() writes them in the facts' language
 * (en, de, fr, ko, ja; others fall back to English).
 *
 * Spans make "members" (things that join and may leave); point events make
 * "events". Lifecycle: cm_alt_facts_init() / cm_alt_facts_release().
 */
#ifndef CM_ALT_H
#define CM_ALT_H

#include "../layout/cm_layout.h"

typedef enum { CM_ALT_LANES, CM_ALT_AXIS, CM_ALT_STEP, CM_ALT_MAP } cm_alt_kind_t;

/* Groups of more than this many are summarised as "… and N more". */
#define CM_ALT_MAX_GROUPS 12

typedef struct {
    const char *name;      /* borrowed; NULL when the group is just a start year */
    int count;             /* entities (members) or items (events) in it */
    cm_date_t first, last; /* earliest and latest start in the group */
} cm_alt_group_t;

typedef struct {
    /* borrowed */
    const char *title; /* may be NULL */
    const char *lang;  /* NULL = "en" */
    /* plain values */
    cm_alt_kind_t kind;
    bool members;             /* the data has spans: entities are members */
    bool empty;               /* no dated items at all */
    cm_date_t from, to;       /* earliest and latest date described */
    int n_entities;           /* entities counted (members, or subjects of events) */
    int n_items;              /* items counted */
    int n_left;               /* members with no span in force on the state day */
    int current;              /* members with a span in force on the state day */
    cm_date_t since;          /* the last change (a start or an end) */
    const char *latest_label; /* events: the latest event's label (borrowed) */
    /* owned */
    GArray *groups; /* cm_alt_group_t, in order of their first start */
} cm_alt_facts_t;

void cm_alt_facts_init(cm_alt_facts_t *facts);
void cm_alt_facts_release(cm_alt_facts_t *facts);

/* Fills FACTS from DATA (kind, title and lang are left as they are).
 * AS_OF (may be NULL) ignores every item that starts after it and counts the
 * members in force on that day by the model's rule (cm_item_in_force), as a map
 * of the state on that day colours them; without AS_OF the state day is the
 * last day something came into or went out of force. Groups are the
 * data's group column (by each entity's group), else the start years of the
 * members; events without a group column have no groups. FACTS borrows
 * strings from DATA. */
void cm_alt_facts_from_dataset(cm_alt_facts_t *facts, const cm_dataset_t *data,
                               const cm_date_t *as_of);

/* Writes FACTS as one paragraph in FACTS->lang. Returns a new string (g_free). */
char *cm_alt_text(const cm_alt_facts_t *facts);

/* A date as running text names it: "7 March 2024", "7. März 2024",
 * "1er avril 2009", "2024년 3월 7일", "2024年3月7日". New string (g_free). */
char *cm_alt_date(const cm_date_t *date, const char *lang);

/* Convenience for timelines: facts from DATA within OPTS's window, kind from
 * OPTS, title OPTS->title, language LANG; then the text. New string. */
char *cm_alt_timeline(const cm_dataset_t *data, const cm_timeline_opts_t *opts, const char *lang);

#endif
