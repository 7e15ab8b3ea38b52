/* cm_geo_json.c — the JSON reader behind the basemap loader: bytes to a compact tree.
 *
 * A strict RFC 8259 parser (https://www.rfc-editor.org/rfc/rfc8259) that builds the whole
 * document in one arena, with one node per value except that an array holding only numbers
 * is packed into one node with its numbers inline (a position [x, y], a list of arc
 * indices), so the 160 000 numbers of the 1:50m world cost 80 000 small nodes instead of
 * json-glib's 240 000 GObject-backed ones. It is about ten times faster than json-glib on
 * basemaps and is what reads every well-formed file.
 *
 * Anything it does not accept (a syntax error, invalid UTF-8, an integer beyond 64 bits)
 * is handed to json-glib on the original bytes: when json-glib rejects it too, its
 * "line:column: message" becomes the error, so syntax errors read as they always did; when
 * json-glib is more lenient, its tree is copied into the same node form. Nesting deeper
 * than CM__JSON_MAX_DEPTH is refused before json-glib sees it (its parser recurses), and
 * the number of positions (arrays of two or more numbers) is capped while reading, so an
 * oversized file fails early without building its tree.
 */
#include "cm_geo_private.h"
#include "util/cm_error.h"
#include "util/cm_jsonglib_api.h"

#include <errno.h>
#include <math.h>
#include <string.h>

enum { BLOCK_SIZE = 1 << 18 };

/* A number as read: an integer literal keeps its exact value for when the array turns
 * out not to be all numbers after all and its elements become nodes. */
struct num {
    double d;
    gint64 i;
    bool is_int;
};

struct cm__json {
    /* owned */
    GPtrArray *blocks;   /* arena blocks, g_free'd */
    struct num *scratch; /* numbers of the arrays being packed (a stack: they nest) */
    size_t scratch_len, scratch_cap;
    /* borrowed from the current block */
    char *cur;
    size_t left;
    /* plain values */
    const cm__json_node_t *root;
    gint64 max_positions;
    gint64 n_positions;
};

typedef enum { ST_OK, ST_INVALID, ST_TOO_DEEP, ST_TOO_BIG } status_t;

typedef struct {
    cm__json_t *doc;
    const char *s, *end;
    int line;
    int depth;
    status_t status;
} parser_t;

/* ---- the arena ---- */

static void *
arena_alloc(cm__json_t *doc, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    if (size > doc->left) {
        size_t bs = MAX((size_t)BLOCK_SIZE, size);
        doc->cur = g_malloc(bs);
        doc->left = bs;
        g_ptr_array_add(doc->blocks, doc->cur);
    }
    void *p = doc->cur;
    doc->cur += size;
    doc->left -= size;
    return p;
}

static cm__json_node_t *
node_new(cm__json_t *doc, cm__json_type_t type, int line)
{
    cm__json_node_t *n = arena_alloc(doc, sizeof *n);
    memset(n, 0, sizeof *n);
    n->type = type;
    n->line = line;
    return n;
}

static char *
arena_strndup(cm__json_t *doc, const char *s, size_t len)
{
    char *p = arena_alloc(doc, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static cm__json_t *
doc_new(gint64 max_positions)
{
    cm__json_t *doc = g_new0(cm__json_t, 1);
    doc->blocks = g_ptr_array_new_with_free_func(g_free);
    doc->max_positions = max_positions > 0 ? max_positions : G_MAXINT64;
    return doc;
}

void
cm__json_free(cm__json_t *doc)
{
    if (!doc)
        return;
    g_ptr_array_free(doc->blocks, TRUE);
    g_free(doc->scratch);
    g_free(doc);
}

const cm__json_node_t *
cm__json_root(const cm__json_t *doc)
{
    return doc->root;
}

gint64
cm__json_positions(const cm__json_t *doc)
{
    return doc->n_positions;
}

static inline struct num *
scratch_push(cm__json_t *doc)
{
    if (doc->scratch_len == doc->scratch_cap) {
        doc->scratch_cap = MAX((size_t)256, 2 * doc->scratch_cap);
        doc->scratch = g_renew(struct num, doc->scratch, doc->scratch_cap);
    }
    return &doc->scratch[doc->scratch_len++];
}

/* ---- the strict parser ---- */

static bool
fail(parser_t *p, status_t st)
{
    if (p->status == ST_OK)
        p->status = st;
    return false;
}

static inline void
skip_ws(parser_t *p)
{
    const char *s = p->s;
    if (s < p->end && (unsigned char)*s > ' ')
        return; /* minified files: nothing to skip */
    while (s < p->end) {
        char c = *s;
        if (c == ' ' || c == '\t' || c == '\r')
            s++;
        else if (c == '\n')
            s++, p->line++;
        else
            break;
    }
    p->s = s;
}

static bool
literal(parser_t *p, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
        return fail(p, ST_INVALID);
    p->s += n;
    return true;
}

/* One number by the JSON grammar. Integers of up to 18 digits are exact int64s, so
 * quantized TopoJSON never goes through strtod. */
static bool number_slow(parser_t *p, double *d, gint64 *i, bool *is_int);

/* Short plain integers ("-123", "0") inline; everything else in number_slow(). */
static inline bool
number(parser_t *p, double *d, gint64 *i, bool *is_int)
{
    const char *s = p->s, *end = p->end;
    bool neg = *s == '-';
    s += neg;
    if (s < end && *s == '0' && end - s > 1 && !(s[1] >= '0' && s[1] <= '9') && s[1] != '.' &&
        s[1] != 'e' && s[1] != 'E') {
        p->s = s + 1;
        *i = 0;
        *d = 0.0;
        *is_int = true;
        return true;
    }
    if (s < end && *s >= '1' && *s <= '9' && end - s > 16) {
        gint64 v = *s++ - '0';
        int k = 1;
        while (*s >= '0' && *s <= '9' && k < 16)
            v = v * 10 + (*s++ - '0'), k++;
        if (*s != '.' && *s != 'e' && *s != 'E' && (*s < '0' || *s > '9')) {
            p->s = s;
            *i = neg ? -v : v;
            *d = (double)*i;
            *is_int = true;
            return true;
        }
    }
    return number_slow(p, d, i, is_int);
}

static bool
number_slow(parser_t *p, double *d, gint64 *i, bool *is_int)
{
    const char *s = p->s, *start = s, *end = p->end;
    bool neg = s < end && *s == '-';
    s += neg;
    const char *digits = s;
    if (s >= end || *s < '0' || *s > '9')
        return fail(p, ST_INVALID);
    gint64 v = 0;
    if (*s == '0') {
        s++;
    } else {
        for (; s < end && *s >= '0' && *s <= '9'; s++)
            if (s - digits < 18)
                v = v * 10 + (*s - '0');
        if (s - digits > 18)
            v = -1; /* too long for the fast path */
    }
    bool integral = true;
    if (s < end && *s == '.') {
        integral = false;
        s++;
        if (s >= end || *s < '0' || *s > '9')
            return fail(p, ST_INVALID);
        while (s < end && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < end && (*s == 'e' || *s == 'E')) {
        integral = false;
        s++;
        if (s < end && (*s == '+' || *s == '-'))
            s++;
        if (s >= end || *s < '0' || *s > '9')
            return fail(p, ST_INVALID);
        while (s < end && *s >= '0' && *s <= '9')
            s++;
    }
    p->s = s;
    if (integral && v >= 0) {
        *i = neg ? -v : v;
        *d = (double)*i;
        *is_int = true;
        return true;
    }
    char buf[512];
    size_t len = (size_t)(s - start);
    if (len >= sizeof buf)
        return fail(p, ST_INVALID);
    memcpy(buf, start, len);
    buf[len] = '\0';
    if (integral) { /* 19 or more digits: int64 when it fits, else let json-glib decide */
        errno = 0;
        char *e;
        gint64 big = g_ascii_strtoll(buf, &e, 10);
        if (errno || *e)
            return fail(p, ST_INVALID);
        *i = big;
        *d = (double)big;
        *is_int = true;
        return true;
    }
    *d = g_ascii_strtod(buf, NULL);
    *is_int = false;
    return true;
}

static int
hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* A string after its opening quote, into the arena (NUL-terminated, valid UTF-8). */
static const char *
string(parser_t *p)
{
    const char *s = p->s, *end = p->end, *start = s;
    bool ascii = true;
    while (s < end && *s != '"' && *s != '\\' && (unsigned char)*s >= 0x20) {
        ascii &= (unsigned char)*s < 0x80;
        s++;
    }
    if (s < end && *s == '"') { /* no escapes: the common case */
        if (!ascii && !g_utf8_validate_len(start, (gsize)(s - start), NULL))
            return fail(p, ST_INVALID), NULL;
        p->s = s + 1;
        return arena_strndup(p->doc, start, (size_t)(s - start));
    }
    GString *out = g_string_new_len(start, s - start);
    const char *r = NULL;
    while (s < end && *s != '"') {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20)
            goto out;
        if (c != '\\') {
            g_string_append_c(out, (char)c);
            s++;
            continue;
        }
        if (++s >= end)
            goto out;
        char e = *s++;
        switch (e) {
        case '"':
            g_string_append_c(out, '"');
            break;
        case '\\':
            g_string_append_c(out, '\\');
            break;
        case '/':
            g_string_append_c(out, '/');
            break;
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'u': {
            int u = end - s >= 4 ? hex4(s) : -1;
            if (u < 0)
                goto out;
            s += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                int lo = end - s >= 6 && s[0] == '\\' && s[1] == 'u' ? hex4(s + 2) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    goto out;
                s += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                goto out;
            }
            if (u == 0)
                goto out; /* would cut the string short */
            g_string_append_unichar(out, (gunichar)u);
            break;
        }
        default:
            goto out;
        }
    }
    if (s >= end || !g_utf8_validate_len(out->str, out->len, NULL))
        goto out;
    p->s = s + 1;
    r = arena_strndup(p->doc, out->str, out->len);
out:
    g_string_free(out, TRUE);
    if (!r)
        fail(p, ST_INVALID);
    return r;
}

static const cm__json_node_t *value(parser_t *p);

/* Elements after '[' of an array: packed while they are all numbers. */
static const cm__json_node_t *
array(parser_t *p, int line)
{
    cm__json_t *doc = p->doc;
    cm__json_node_t *n = node_new(doc, CM__JSON_ARRAY, line);
    skip_ws(p);
    if (p->s < p->end && *p->s == ']') {
        p->s++;
        return n;
    }
    size_t mark = doc->scratch_len; /* the scratch is a stack: nested arrays share it */
    bool packed = true;
    cm__json_node_t *last = NULL;
    for (;;) {
        skip_ws(p);
        if (p->s >= p->end)
            return fail(p, ST_INVALID), NULL;
        char c = *p->s;
        if (packed && (c == '-' || (c >= '0' && c <= '9'))) {
            struct num *x = scratch_push(doc);
            if (!number(p, &x->d, &x->i, &x->is_int))
                return NULL;
        } else {
            if (packed) { /* a non-number: the numbers so far become nodes */
                packed = false;
                for (size_t k = mark; k < doc->scratch_len; k++) {
                    const struct num *x = &doc->scratch[k];
                    cm__json_node_t *e =
                        node_new(doc, x->is_int ? CM__JSON_INT : CM__JSON_DOUBLE, line);
                    if (x->is_int)
                        e->v.i = x->i;
                    else
                        e->v.d = x->d;
                    *(last ? &last->next : &n->v.first) = e;
                    last = e;
                    n->n++;
                }
                doc->scratch_len = mark;
            }
            const cm__json_node_t *e = value(p);
            if (!e)
                return NULL;
            cm__json_node_t *me = (cm__json_node_t *)e;
            *(last ? &last->next : &n->v.first) = me;
            last = me;
            n->n++;
        }
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == ']') {
            p->s++;
            break;
        }
        return fail(p, ST_INVALID), NULL;
    }
    if (packed) {
        int count = (int)(doc->scratch_len - mark);
        n->type = CM__JSON_NUMBERS;
        n->n = count;
        double *nums = arena_alloc(doc, sizeof(double) * (size_t)count);
        for (int k = 0; k < count; k++)
            nums[k] = doc->scratch[mark + (size_t)k].d;
        n->v.nums = nums;
        doc->scratch_len = mark;
        if (count >= 2 && ++doc->n_positions > doc->max_positions)
            return fail(p, ST_TOO_BIG), NULL;
    }
    return n;
}

static const cm__json_node_t *
object(parser_t *p, int line)
{
    cm__json_node_t *n = node_new(p->doc, CM__JSON_OBJECT, line);
    cm__json_node_t *last = NULL;
    skip_ws(p);
    if (p->s < p->end && *p->s == '}') {
        p->s++;
        return n;
    }
    for (;;) {
        skip_ws(p);
        if (p->s >= p->end || *p->s != '"')
            return fail(p, ST_INVALID), NULL;
        p->s++;
        const char *key = string(p);
        if (!key)
            return NULL;
        skip_ws(p);
        if (p->s >= p->end || *p->s != ':')
            return fail(p, ST_INVALID), NULL;
        p->s++;
        cm__json_node_t *v = (cm__json_node_t *)value(p);
        if (!v)
            return NULL;
        v->key = key;
        *(last ? &last->next : &n->v.first) = v;
        last = v;
        n->n++;
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == '}') {
            p->s++;
            return n;
        }
        return fail(p, ST_INVALID), NULL;
    }
}

static const cm__json_node_t *
value(parser_t *p)
{
    skip_ws(p);
    if (p->s >= p->end)
        return fail(p, ST_INVALID), NULL;
    int line = p->line;
    char c = *p->s;
    if (c == '{' || c == '[') {
        if (++p->depth > CM__JSON_MAX_DEPTH)
            return fail(p, ST_TOO_DEEP), NULL;
        p->s++;
        const cm__json_node_t *n = c == '{' ? object(p, line) : array(p, line);
        p->depth--;
        return n;
    }
    if (c == '"') {
        p->s++;
        const char *s = string(p);
        if (!s)
            return NULL;
        cm__json_node_t *n = node_new(p->doc, CM__JSON_STRING, line);
        n->v.s = s;
        return n;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        double d;
        gint64 i;
        bool is_int;
        if (!number(p, &d, &i, &is_int))
            return NULL;
        cm__json_node_t *n = node_new(p->doc, is_int ? CM__JSON_INT : CM__JSON_DOUBLE, line);
        if (is_int)
            n->v.i = i;
        else
            n->v.d = d;
        return n;
    }
    cm__json_type_t t = c == 't' ? CM__JSON_TRUE : c == 'f' ? CM__JSON_FALSE : CM__JSON_NULL;
    if (!literal(p, t == CM__JSON_TRUE ? "true" : t == CM__JSON_FALSE ? "false" : "null"))
        return NULL;
    return node_new(p->doc, t, line);
}

/* ---- json-glib: error messages, and files only it accepts ---- */

/* The line of the first bracket nested deeper than CM__JSON_MAX_DEPTH, or 0. */
static int
too_deep(const char *buf, gsize len)
{
    int depth = 0, line = 1;
    bool in_string = false;
    for (gsize i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '\n')
            line++;
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > CM__JSON_MAX_DEPTH)
                return line;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

/* I past the blanks and comments json-glib skips (whitespace, slash-star and slash-slash
 * comments), counting lines in *LINE. */
static gsize
skip_blanks(const char *buf, gsize len, gsize i, int *line)
{
    while (i < len) {
        char c = buf[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            *line += c == '\n';
            i++;
        } else if (c == '/' && i + 1 < len && buf[i + 1] == '*') {
            for (i += 2; i < len && !(buf[i] == '*' && i + 1 < len && buf[i + 1] == '/'); i++)
                *line += buf[i] == '\n';
            i += 2;
        } else if (c == '/' && i + 1 < len && buf[i + 1] == '/') {
            while (i < len && buf[i] != '\n')
                i++;
        } else {
            break;
        }
    }
    return i;
}

/* The line of the first array that starts with a number beyond MAX of them, or 0: the
 * vertex cap, counted in one pass before json-glib parses (10 M positions took it 3.7 GB
 * and 19 s before the count of its tree refused them). Every position and every list of
 * arc indices starts with a number, so this never counts fewer than the tree would (it
 * may count a one-number array too); strings in either quote and comments are skipped as
 * json-glib skips them. */
static int
too_many_positions(const char *buf, gsize len, gint64 max)
{
    gint64 n = 0;
    int line = 1;
    for (gsize i = 0; i < len;) {
        gsize j = skip_blanks(buf, len, i, &line);
        if (j != i) {
            i = j;
            continue;
        }
        char c = buf[i];
        if (c == '"' || c == '\'') {
            for (i++; i < len && buf[i] != c; i++) {
                line += buf[i] == '\n';
                if (buf[i] == '\\')
                    i++;
            }
            i++;
            continue;
        }
        i++;
        if (c != '[')
            continue;
        gsize k = skip_blanks(buf, len, i, &line);
        if (k < len &&
            (g_ascii_isdigit(buf[k]) || buf[k] == '-' || buf[k] == '+' || buf[k] == '.') &&
            ++n > max)
            return line;
    }
    return 0;
}

static cm__json_node_t *
from_glib(const cm__jsonglib_api_t *j, cm__json_t *doc, JsonNode *jn, bool *too_big)
{
    cm__json_node_t *n;
    switch (j->json_node_get_node_type(jn)) {
    case JSON_NODE_OBJECT: {
        n = node_new(doc, CM__JSON_OBJECT, 0);
        JsonObject *o = j->json_node_get_object(jn);
        GList *members = j->json_object_get_members(o);
        cm__json_node_t *last = NULL;
        for (GList *l = members; l && !*too_big; l = l->next) {
            cm__json_node_t *v = from_glib(j, doc, j->json_object_get_member(o, l->data), too_big);
            v->key = arena_strndup(doc, l->data, strlen(l->data));
            *(last ? &last->next : &n->v.first) = v;
            last = v;
            n->n++;
        }
        g_list_free(members);
        return n;
    }
    case JSON_NODE_ARRAY: {
        n = node_new(doc, CM__JSON_ARRAY, 0);
        JsonArray *a = j->json_node_get_array(jn);
        guint len = j->json_array_get_length(a);
        cm__json_node_t *last = NULL;
        int numbers = 0;
        for (guint i = 0; i < len && !*too_big; i++) {
            JsonNode *e = j->json_array_get_element(a, i);
            cm__json_node_t *v = from_glib(j, doc, e, too_big);
            numbers += v->type == CM__JSON_INT || v->type == CM__JSON_DOUBLE;
            *(last ? &last->next : &n->v.first) = v;
            last = v;
            n->n++;
        }
        if (len > 0 && numbers == (int)len) { /* packed, as the strict parser makes it */
            double *nums = arena_alloc(doc, sizeof(double) * len);
            int k = 0;
            for (const cm__json_node_t *e = n->v.first; e; e = e->next)
                nums[k++] = e->type == CM__JSON_INT ? (double)e->v.i : e->v.d;
            n->type = CM__JSON_NUMBERS;
            n->v.nums = nums;
            if (len >= 2 && ++doc->n_positions > doc->max_positions)
                *too_big = true;
        }
        return n;
    }
    case JSON_NODE_NULL:
        return node_new(doc, CM__JSON_NULL, 0);
    case JSON_NODE_VALUE:
        break;
    }
    GType t = j->json_node_get_value_type(jn);
    if (t == G_TYPE_INT64) {
        n = node_new(doc, CM__JSON_INT, 0);
        n->v.i = j->json_node_get_int(jn);
    } else if (t == G_TYPE_DOUBLE) {
        n = node_new(doc, CM__JSON_DOUBLE, 0);
        n->v.d = j->json_node_get_double(jn);
    } else if (t == G_TYPE_BOOLEAN) {
        n = node_new(doc, j->json_node_get_boolean(jn) ? CM__JSON_TRUE : CM__JSON_FALSE, 0);
    } else if (t == G_TYPE_STRING) {
        n = node_new(doc, CM__JSON_STRING, 0);
        const char *s = j->json_node_get_string(jn);
        n->v.s = arena_strndup(doc, s ? s : "", s ? strlen(s) : 0);
    } else {
        n = node_new(doc, CM__JSON_NULL, 0);
    }
    return n;
}

static void
set_too_big(const char *path, int line, gint64 max, GError **error)
{
    char where[32] = "";
    if (line > 0)
        g_snprintf(where, sizeof where, ":%d", line);
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "basemap “%s”%s: more than %" G_GINT64_FORMAT
                " vertices (the limit for a basemap); simplify the file first (e.g. mapshaper "
                "-simplify) or raise the limit (chronomap map --max-vertices N)",
                path, where, max);
}

cm__json_t *
cm__json_read_glib(const char *path, const char *buf, gsize len, gint64 max_positions,
                   GError **error)
{
    int deep = too_deep(buf, len);
    if (deep) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”:%d: JSON nested more than %d levels deep; not a basemap", path,
                    deep, CM__JSON_MAX_DEPTH);
        return NULL;
    }
    int over = too_many_positions(buf, len, max_positions > 0 ? max_positions : G_MAXINT64);
    if (over) {
        set_too_big(path, over, max_positions, error);
        return NULL;
    }
    const cm__jsonglib_api_t *j = cm__jsonglib(error);
    if (!j)
        return NULL;
    JsonParser *parser = j->json_parser_new_immutable();
    GError *err = NULL;
    cm__json_t *doc = NULL;
    if (!j->json_parser_load_from_data(parser, buf, (gssize)len, &err)) {
        /* json-glib says "<data>:LINE:COL: Parse error: ..."; put the file name in front. */
        const char *msg = err->message;
        if (g_str_has_prefix(msg, "<data>:"))
            msg += strlen("<data>:");
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "basemap “%s” is not JSON: %s:%s", path, path,
                    msg);
        g_error_free(err);
        goto out;
    }
    JsonNode *root = j->json_parser_get_root(parser);
    doc = doc_new(max_positions);
    bool too_big = false;
    doc->root = root ? from_glib(j, doc, root, &too_big) : node_new(doc, CM__JSON_NULL, 1);
    if (too_big) {
        set_too_big(path, 0, doc->max_positions, error);
        cm__json_free(doc);
        doc = NULL;
    }
out:
    g_object_unref(parser);
    return doc;
}

cm__json_t *
cm__json_read(const char *path, const char *buf, gsize len, gint64 max_positions, GError **error)
{
    g_return_val_if_fail(path && buf, NULL);
    cm__json_t *doc = doc_new(max_positions);
    parser_t p = {.doc = doc, .s = buf, .end = buf + len, .line = 1};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        p.s += 3; /* a UTF-8 byte order mark, which json-glib skips too */
    const cm__json_node_t *root = value(&p);
    if (root) {
        skip_ws(&p);
        if (p.s != p.end)
            fail(&p, ST_INVALID);
    }
    if (p.status == ST_OK) {
        doc->root = root;
        return doc;
    }
    cm__json_free(doc);
    if (p.status == ST_TOO_BIG) {
        set_too_big(path, p.line, max_positions, error);
        return NULL;
    }
    if (p.status == ST_TOO_DEEP) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”:%d: JSON nested more than %d levels deep; not a basemap", path,
                    p.line, CM__JSON_MAX_DEPTH);
        return NULL;
    }
    return cm__json_read_glib(path, buf, len, max_positions, error);
}

/* ---- reading the tree ---- */

const cm__json_node_t *
cm__json_member(const cm__json_node_t *obj, const char *name)
{
    if (!obj || obj->type != CM__JSON_OBJECT)
        return NULL;
    const cm__json_node_t *found = NULL; /* the last one wins, as in json-glib */
    for (const cm__json_node_t *m = obj->v.first; m; m = m->next)
        if (strcmp(m->key, name) == 0)
            found = m;
    return found;
}

bool
cm__json_number(const cm__json_node_t *n, double *out)
{
    if (!n)
        return false;
    if (n->type == CM__JSON_INT)
        *out = (double)n->v.i;
    else if (n->type == CM__JSON_DOUBLE)
        *out = n->v.d;
    else
        return false;
    return isfinite(*out);
}
