/* cm_country_iso.c — reads iso-codes' iso_3166-1.json / iso_3166-3.json into rows.
 *
 * The files are one object holding one array ("3166-1" or "3166-3") of flat objects whose
 * values are all strings ({"alpha_2": "DE", "name": "Germany", ...}). That shape is read
 * by a small scanner straight from the bytes, NUL-terminating the strings in place, which
 * is some twenty times cheaper than building json-glib's tree (about 16 million
 * instructions for the two files, a few milliseconds of every map). Anything else — an
 * escape sequence, a nested value, a number, a syntax error — sends the file to json-glib,
 * which reads what it can and words the errors, so the fast path never changes what is
 * accepted.
 */
#include "cm_country_private.h"

#include <string.h>

#include "util/cm_error.h"
#include "util/cm_jsonglib_api.h"

static const char *const FIELDS[CM__ISO_N_FIELDS] = {
    "alpha_2",       "alpha_3",     "alpha_4",         "name",
    "official_name", "common_name", "withdrawal_date", "numeric",
};

typedef struct {
    char *s, *end;
} scan_t;

static bool
ws_then(scan_t *c, char ch)
{
    while (c->s < c->end && (*c->s == ' ' || *c->s == '\n' || *c->s == '\r' || *c->s == '\t'))
        c->s++;
    if (c->s < c->end && *c->s == ch) {
        c->s++;
        return true;
    }
    return false;
}

/* A string without escapes after its opening quote, NUL-terminated in place. */
static const char *
plain_string(scan_t *c)
{
    char *start = c->s;
    while (c->s < c->end && *c->s != '"' && *c->s != '\\' && (unsigned char)*c->s >= 0x20)
        c->s++;
    if (c->s >= c->end || *c->s != '"')
        return NULL;
    *c->s++ = '\0';
    return g_utf8_validate(start, -1, NULL) ? start : NULL;
}

static bool
fast_rows(char *buf, gsize len, const char *key, GArray *rows)
{
    scan_t c = {buf, buf + len};
    if (!ws_then(&c, '{') || !ws_then(&c, '"'))
        return false;
    const char *k = plain_string(&c);
    if (!k || strcmp(k, key) != 0 || !ws_then(&c, ':') || !ws_then(&c, '['))
        return false;
    if (!ws_then(&c, ']')) {
        do {
            cm__iso_row_t row = {0};
            if (!ws_then(&c, '{'))
                return false;
            if (!ws_then(&c, '}')) {
                do {
                    const char *name, *value;
                    if (!ws_then(&c, '"') || !(name = plain_string(&c)) || !ws_then(&c, ':') ||
                        !ws_then(&c, '"') || !(value = plain_string(&c)))
                        return false;
                    for (int f = 0; f < CM__ISO_N_FIELDS; f++)
                        if (strcmp(name, FIELDS[f]) == 0)
                            row.field[f] = value; /* the last one wins, as in json-glib */
                } while (ws_then(&c, ','));
                if (!ws_then(&c, '}'))
                    return false;
            }
            g_array_append_val(rows, row);
        } while (ws_then(&c, ','));
        if (!ws_then(&c, ']'))
            return false;
    }
    if (!ws_then(&c, '}'))
        return false;
    while (c.s < c.end && (*c.s == ' ' || *c.s == '\n' || *c.s == '\r' || *c.s == '\t'))
        c.s++;
    return c.s == c.end;
}

/* json-glib's reading of the same: rows borrow from PARSER. */
static bool
glib_rows(const cm__jsonglib_api_t *j, const char *path, const char *key, JsonParser *parser,
          GArray *rows, GError **error)
{
    GError *err = NULL;
    if (!j->json_parser_load_from_file(parser, path, &err)) {
        bool io = err->domain == G_FILE_ERROR;
        g_set_error(error, CM_ERROR, io ? CM_ERROR_IO : CM_ERROR_DATA, "cannot %s \"%s\": %s",
                    io ? "read" : "parse", path, err->message);
        g_error_free(err);
        return false;
    }
    JsonNode *root = j->json_parser_get_root(parser);
    JsonObject *obj = root && j->json_node_get_node_type(root) == JSON_NODE_OBJECT
                          ? j->json_node_get_object(root)
                          : NULL;
    JsonNode *arr = obj ? j->json_object_get_member(obj, key) : NULL;
    if (!arr || j->json_node_get_node_type(arr) != JSON_NODE_ARRAY) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "\"%s\" has no \"%s\" array: is it an iso-codes JSON file?", path, key);
        return false;
    }
    JsonArray *a = j->json_node_get_array(arr);
    for (guint i = 0; i < j->json_array_get_length(a); i++) {
        JsonNode *n = j->json_array_get_element(a, i);
        JsonObject *o =
            j->json_node_get_node_type(n) == JSON_NODE_OBJECT ? j->json_node_get_object(n) : NULL;
        cm__iso_row_t row = {0}; /* not an object: no fields, which the caller rejects */
        for (int f = 0; o && f < CM__ISO_N_FIELDS; f++) {
            JsonNode *v = j->json_object_get_member(o, FIELDS[f]);
            if (v && j->json_node_get_node_type(v) == JSON_NODE_VALUE &&
                j->json_node_get_value_type(v) == G_TYPE_STRING)
                row.field[f] = j->json_node_get_string(v);
        }
        g_array_append_val(rows, row);
    }
    return true;
}

bool
cm__iso_rows_init(cm__iso_rows_t *rows, const char *path, const char *key, GError **error)
{
    memset(rows, 0, sizeof *rows);
    rows->rows = g_array_new(FALSE, FALSE, sizeof(cm__iso_row_t));
    gsize len = 0;
    if (g_file_get_contents(path, &rows->buf, &len, NULL) &&
        fast_rows(rows->buf, len, key, rows->rows))
        return true;
    /* Unreadable or not the plain shape: json-glib reads the file and words any error. */
    g_array_set_size(rows->rows, 0);
    g_free(rows->buf);
    rows->buf = NULL;
    const cm__jsonglib_api_t *j = cm__jsonglib(error);
    if (!j)
        return false;
    rows->parser = j->json_parser_new_immutable();
    return glib_rows(j, path, key, rows->parser, rows->rows, error);
}

void
cm__iso_rows_release(cm__iso_rows_t *rows)
{
    if (rows->rows)
        g_array_free(rows->rows, TRUE);
    if (rows->parser)
        g_object_unref(rows->parser);
    g_free(rows->buf);
    memset(rows, 0, sizeof *rows);
}
