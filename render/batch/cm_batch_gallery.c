/* cm_batch_gallery.c — the gallery page of a batch: output/index.html.
 *
 * One self-contained HTML page (inline CSS, no script, no network): a grid of
 * cards, each a thumbnail of the figure (its PNG, else its SVG) linking to the
 * full image, the title, links to every output format and the alt text both
 * as the image's alt attribute and as a caption. Everything taken from the
 * manifest or the alt text is HTML-escaped by cm_xml_escape (quotes too, so it is
 * safe inside attributes; characters XML forbids become U+FFFD); links are relative to the
 * page and percent-encoded, so the folder can be moved or served as is.
 */
#include "batch/cm_batch.h"
#include "util/cm_xml.h"

#include <string.h>

char *
cm_batch_relative_path(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) == 0 && path[n] == '/')
        return g_strdup(path + n + 1);
    char *abs = g_canonicalize_filename(path, NULL);
    /* Above the page's folder: count the shared prefix and climb. */
    char **a = g_strsplit(dir, "/", -1), **b = g_strsplit(abs, "/", -1);
    int i = 0;
    while (a[i] && b[i] && strcmp(a[i], b[i]) == 0)
        i++;
    GString *s = g_string_new(NULL);
    for (int j = i; a[j]; j++)
        if (*a[j])
            g_string_append(s, "../");
    for (int j = i; b[j]; j++) {
        g_string_append(s, b[j]);
        if (b[j + 1])
            g_string_append_c(s, '/');
    }
    g_strfreev(a);
    g_strfreev(b);
    g_free(abs);
    return g_string_free(s, FALSE);
}

/* An href for PATH from DIR: relative, percent-encoded, HTML-escaped. */
static char *
href(const char *dir, const char *path)
{
    char *rel = cm_batch_relative_path(dir, path);
    char *uri = g_uri_escape_string(rel, "/", FALSE);
    char *esc = cm_xml_escape(uri, -1, NULL);
    g_free(uri);
    g_free(rel);
    return esc;
}

static const char *
output_with(const cm_batch_figure_t *f, const char *ext)
{
    for (char **o = f->outputs; *o; o++)
        if (g_str_has_suffix(*o, ext))
            return *o;
    return NULL;
}

static void
card(GString *s, const cm_batch_manifest_t *m, const cm_batch_figure_t *f)
{
    char *alt = NULL;
    if (!g_file_get_contents(f->alt_text, &alt, NULL, NULL) || !g_utf8_validate(alt, -1, NULL)) {
        g_free(alt);
        alt = g_strdup("");
    }
    g_strstrip(alt);
    char *e_alt = cm_xml_escape(alt, -1, NULL);
    char *e_title = cm_xml_escape(f->title ? f->title : f->name, -1, NULL);
    char *e_name = cm_xml_escape(f->name, -1, NULL);
    const char *thumb = output_with(f, ".png");
    if (!thumb)
        thumb = output_with(f, ".svg");
    g_string_append_printf(s, "<figure id=\"%s\">\n", e_name);
    if (thumb) {
        char *h = href(m->output_dir, thumb);
        g_string_append_printf(
            s, "  <a href=\"%s\"><img src=\"%s\" alt=\"%s\" loading=\"lazy\"></a>\n", h, h,
            *alt ? e_alt : e_title);
        g_free(h);
    }
    g_string_append_printf(s, "  <figcaption>\n    <h2>%s</h2>\n    <p class=\"files\">", e_title);
    for (char **o = f->outputs; *o; o++) {
        char *h = href(m->output_dir, *o);
        const char *dot = strrchr(*o, '.');
        char *label = g_ascii_strup(dot ? dot + 1 : *o, -1);
        g_string_append_printf(s, "<a href=\"%s\">%s</a>%s", h, label, o[1] ? " · " : "");
        g_free(label);
        g_free(h);
    }
    g_string_append_printf(s, "</p>\n    <p class=\"alt\">%s</p>\n  </figcaption>\n</figure>\n",
                           e_alt);
    g_free(e_name);
    g_free(e_title);
    g_free(e_alt);
    g_free(alt);
}

char *
cm_batch_gallery_html(const cm_batch_manifest_t *m, GPtrArray *figures)
{
    GString *s = g_string_new(NULL);
    char *base = g_path_get_basename(m->path);
    char *e_base = cm_xml_escape(base, -1, NULL);
    g_string_append_printf(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>chronomap figures: %s</title>\n<style>\n"
        "body{font-family:\"Noto Sans\",sans-serif;margin:2rem;background:#f6f6f4;color:#222}\n"
        "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1.5rem}\n"
        "figure{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8rem}\n"
        "figure img{width:100%%;height:auto;display:block;border:1px solid #eee}\n"
        "h1{font-size:1.4rem}h2{font-size:1rem;margin:.6rem 0 .3rem}\n"
        ".files{margin:.2rem 0;font-size:.9rem}.alt{font-size:.8rem;color:#555;margin:.3rem 0 0}\n"
        "</style>\n</head>\n<body>\n<h1>chronomap figures: %s (%u)</h1>\n<main>\n",
        e_base, e_base, figures->len);
    for (guint i = 0; i < figures->len; i++)
        card(s, m, g_ptr_array_index(figures, i));
    g_string_append(s, "</main>\n</body>\n</html>\n");
    g_free(e_base);
    g_free(base);
    return g_string_free(s, FALSE);
}
