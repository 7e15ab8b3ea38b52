/* test_themes.c — every shipped theme is readable by everyone.
 *
 * Contrast: WCAG 2.x relative luminance and contrast ratio (W3C, "Web Content
 * Accessibility Guidelines 2.1", §1.4.3 and the definitions of "relative
 * luminance" and "contrast ratio"); every text colour a theme draws on its
 * page must reach 4.5:1. Era names are checked on the era band composited
 * over the page, and dates written inside bars on the accent colour, with
 * the rule the lanes layout uses (page text on light bars, page colour on
 * dark ones).
 *
 * Colour blindness: deuteranopia is simulated with the matrix of Machado,
 * Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation
 * of Color Vision Deficiency", IEEE TVCG 15(6), severity 1.0, applied to
 * linear sRGB. Differences are CIEDE2000 (CIE 142-2001) in CIELAB (D65),
 * implemented after Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference
 * formula: implementation notes", whose test pairs check it here. Threshold:
 * every pair of categorical colours must stay >= 10 ΔE00 apart. One ΔE00 is
 * about one just-noticeable difference for large patches; Szafir (2018),
 * "Modeling Color Difference for Visualization Design", IEEE TVCG 24(1),
 * shows thin marks and small areas need several times that to be told apart
 * reliably, so 10 is a conservative bar for legend swatches and bars.
 * Okabe–Ito's closest pair under deuteranopia (orange/yellow) is 11.6.
 *
 * Maps coloured by date: the founders take the sequential ramp's last stop
 * (render/layout/cm_map_color.c). That fill must keep 3:1 against the ocean
 * and the page around the countries (the WCAG 2 bar for graphical objects,
 * §1.4.11), and every bin must stay apart from the neutral land.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "chronomap.h"

#define MIN_CONTRAST 4.5
#define MIN_DELTA_E 10.0
#define MIN_GRAPHIC_CONTRAST 3.0

static const char *const themes[] = {"article", "dark", "slide", "print", "social", "screen"};

static double
lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance (its 0.03928 threshold and 0.04045 agree for 8-bit values). */
static double
luminance(cm_color_t c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

static double
contrast(cm_color_t a, cm_color_t b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* A over B (B opaque), in sRGB as renderers blend. */
static cm_color_t
over(cm_color_t a, cm_color_t b)
{
    return (cm_color_t){a.r * a.a + b.r * (1 - a.a), a.g * a.a + b.g * (1 - a.a),
                        a.b * a.a + b.b * (1 - a.a), 1};
}

typedef struct {
    double L, a, b;
} lab_t;

static double
lab_f(double t)
{
    return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

/* Linear sRGB to CIELAB, D65 white. */
static lab_t
lab_from_linear(const double rgb[3])
{
    double X = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
    double Y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double Z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
    double fx = lab_f(X / 0.95047), fy = lab_f(Y), fz = lab_f(Z / 1.08883);
    return (lab_t){116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

static lab_t
lab_of(cm_color_t c, bool deuteranopia)
{
    /* Machado et al. 2009, deuteranomaly at severity 1.0. */
    static const double M[3][3] = {{0.367322, 0.860646, -0.227968},
                                   {0.280085, 0.672501, 0.047413},
                                   {-0.011820, 0.042940, 0.968881}};
    double in[3] = {lin(c.r), lin(c.g), lin(c.b)}, out[3];
    for (int i = 0; i < 3; i++) {
        out[i] = deuteranopia ? M[i][0] * in[0] + M[i][1] * in[1] + M[i][2] * in[2] : in[i];
        out[i] = fmin(fmax(out[i], 0), 1);
    }
    return lab_from_linear(out);
}

static double
deg(double rad)
{
    return rad * 180 / G_PI;
}

static double
rad(double d)
{
    return d * G_PI / 180;
}

/* CIEDE2000 with kL = kC = kH = 1 (Sharma et al. 2005, eqs. 1–22). */
static double
delta_e2000(lab_t p, lab_t q)
{
    double C1 = hypot(p.a, p.b), C2 = hypot(q.a, q.b), Cb = (C1 + C2) / 2;
    double Cb7 = pow(Cb, 7);
    double G = 0.5 * (1 - sqrt(Cb7 / (Cb7 + pow(25, 7))));
    double a1 = (1 + G) * p.a, a2 = (1 + G) * q.a;
    double C1p = hypot(a1, p.b), C2p = hypot(a2, q.b);
    double h1 = C1p == 0 ? 0 : fmod(deg(atan2(p.b, a1)) + 360, 360);
    double h2 = C2p == 0 ? 0 : fmod(deg(atan2(q.b, a2)) + 360, 360);
    double dL = q.L - p.L, dC = C2p - C1p, dh = 0;
    if (C1p * C2p != 0) {
        dh = h2 - h1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
    }
    double dH = 2 * sqrt(C1p * C2p) * sin(rad(dh / 2));
    double Lb = (p.L + q.L) / 2, Cbp = (C1p + C2p) / 2, hb;
    if (C1p * C2p == 0)
        hb = h1 + h2;
    else if (fabs(h1 - h2) <= 180)
        hb = (h1 + h2) / 2;
    else if (h1 + h2 < 360)
        hb = (h1 + h2 + 360) / 2;
    else
        hb = (h1 + h2 - 360) / 2;
    double T = 1 - 0.17 * cos(rad(hb - 30)) + 0.24 * cos(rad(2 * hb)) +
               0.32 * cos(rad(3 * hb + 6)) - 0.20 * cos(rad(4 * hb - 63));
    double dtheta = 30 * exp(-pow((hb - 275) / 25, 2));
    double Cbp7 = pow(Cbp, 7);
    double RC = 2 * sqrt(Cbp7 / (Cbp7 + pow(25, 7)));
    double SL = 1 + 0.015 * pow(Lb - 50, 2) / sqrt(20 + pow(Lb - 50, 2));
    double SC = 1 + 0.045 * Cbp, SH = 1 + 0.015 * Cbp * T;
    double RT = -sin(rad(2 * dtheta)) * RC;
    return sqrt(pow(dL / SL, 2) + pow(dC / SC, 2) + pow(dH / SH, 2) + RT * (dC / SC) * (dH / SH));
}

/* The smallest pairwise ΔE00 of a palette, optionally under deuteranopia. */
static double
min_delta(const cm_color_t *pal, int n, bool deuteranopia, int *wi, int *wj)
{
    double best = INFINITY;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double d = delta_e2000(lab_of(pal[i], deuteranopia), lab_of(pal[j], deuteranopia));
            if (d < best) {
                best = d;
                *wi = i;
                *wj = j;
            }
        }
    return best;
}

static cm_style_t *
load_theme(const char *name)
{
    char *path = g_strdup_printf("%s/styles/%s.ini", CM_SRCDIR, name);
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    if (!cm_style_load(s, path, d, &err))
        fail_msg("%s: %s", path, err->message);
    cm_diag_free(d);
    g_free(path);
    return s;
}

/* The reference implementation matches Sharma et al.'s published test data. */
static void
test_ciede2000_reference_pairs(void **state)
{
    static const struct {
        lab_t a, b;
        double de;
    } pairs[] = {
        {{50, 2.6772, -79.7751}, {50, 0, -82.7485}, 2.0425},
        {{50, -1.3802, -84.2814}, {50, 0, -82.7485}, 1.0},
        {{50, 0, 0}, {50, -1, 2}, 2.3669},
        {{50, 2.5, 0}, {73, 25, -18}, 27.1492},
        {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644},
        {{22.7233, 20.0904, -46.694}, {23.0331, 14.973, -42.5619}, 2.0373},
        {{90.9257, -0.5406, -0.9208}, {88.6381, -0.8985, -0.7239}, 1.5381},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
        assert_float_equal(delta_e2000(pairs[i].a, pairs[i].b), pairs[i].de, 1e-4);
}

static void
test_text_contrast(void **state)
{
    int bad = 0;
    for (size_t t = 0; t < G_N_ELEMENTS(themes); t++) {
        cm_style_t *s = load_theme(themes[t]);
        cm_color_t bg = s->background;
        cm_color_t band = over(s->era_fill, bg);
        /* Dates inside bars: page text on light bars, the page colour on dark ones. */
        cm_color_t in_bar = luminance(s->accent) > 0.4 ? s->text : s->background;
        struct {
            const char *what;
            cm_color_t fg, bg;
        } pairs[] = {{"text", s->text, bg},
                     {"muted", s->muted, bg},
                     {"era text on its band", s->era_text, band},
                     {"muted on an era band", s->muted, band},
                     {"text inside accent bars", in_bar, s->accent}};
        for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
            double c = contrast(pairs[i].fg, pairs[i].bg);
            if (c < MIN_CONTRAST) {
                print_error("%s: %s has contrast %.2f:1, below %.1f:1\n", themes[t], pairs[i].what,
                            c, MIN_CONTRAST);
                bad++;
            }
        }
        cm_style_free(s);
    }
    assert_int_equal(bad, 0);
}

/* The check itself can fail: grey on white and a red/green pair are caught. */
static void
test_checks_catch_bad_colours(void **state)
{
    cm_color_t white = {1, 1, 1, 1}, grey, red, green;
    assert_true(cm_color_parse("#999999", &grey));
    assert_true(contrast(grey, white) < MIN_CONTRAST);
    assert_float_equal(contrast((cm_color_t){0, 0, 0, 1}, white), 21, 1e-9);
    /* Tableau's red and green: far apart for most readers, close under deuteranopia. */
    assert_true(cm_color_parse("#d62728", &red));
    assert_true(cm_color_parse("#2ca02c", &green));
    cm_color_t pair[2] = {red, green};
    int i, j;
    assert_true(min_delta(pair, 2, false, &i, &j) > 30);
    assert_true(min_delta(pair, 2, true, &i, &j) < MIN_DELTA_E);
}

static void
test_palettes_survive_deuteranopia(void **state)
{
    int bad = 0;
    for (size_t t = 0; t < G_N_ELEMENTS(themes); t++) {
        cm_style_t *s = load_theme(themes[t]);
        int i = 0, j = 0;
        double d = min_delta(s->palette, s->palette_len, true, &i, &j);
        if (d < MIN_DELTA_E) {
            print_error("%s: palette colours %d and %d are %.1f ΔE00 apart under "
                        "deuteranopia, below %.0f\n",
                        themes[t], i, j, d, MIN_DELTA_E);
            bad++;
        }
        cm_style_free(s);
    }
    /* and every named categorical palette */
    const char *cat[] = {"okabe-ito", "okabe-ito-dark"};
    for (size_t k = 0; k < G_N_ELEMENTS(cat); k++) {
        cm_color_t pal[CM_PALETTE_MAX];
        int n = cm_palette_named(cat[k], pal), i, j;
        assert_true(n == 8);
        assert_true(min_delta(pal, n, true, &i, &j) >= MIN_DELTA_E);
    }
    assert_int_equal(bad, 0);
}

/* Sequential ramps stay ordered in lightness, so dates read in order even
 * without hue (and under deuteranopia). */
static void
test_sequential_ramps_are_monotonic(void **state)
{
    const char *names[] = {"ylgnbu", "ylgnbu-dark", "blues", "blues-dark", "viridis"};
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
        cm_color_t pal[CM_PALETTE_MAX];
        int n = cm_palette_named(names[k], pal);
        assert_true(n >= 5);
        double sign = lab_of(pal[n - 1], true).L - lab_of(pal[0], true).L;
        for (int i = 1; i < n; i++) {
            double step = lab_of(pal[i], true).L - lab_of(pal[i - 1], true).L;
            if (step * sign <= 0)
                fail_msg("%s: stop %d does not continue the lightness ramp", names[k], i);
        }
    }
}

/* The founders' fill (the last stop, where the map puts the earliest bin) keeps
 * 3:1 against the ocean and the page in every theme, and every bin of a
 * 12-bin map (NATO has eleven enlargement dates) is >= MIN_DELTA_E from the
 * land. The numbers are printed for the record. */
static void
test_map_ramp_founders_contrast(void **state)
{
    int bad = 0;
    for (size_t t = 0; t < G_N_ELEMENTS(themes); t++) {
        cm_style_t *s = load_theme(themes[t]);
        cm_color_t founders = cm_style_sequential(s, 1);
        cm_color_t ocean = over(s->map_ocean, s->background);
        double c_ocean = contrast(founders, ocean), c_page = contrast(founders, s->background);
        double near_land = INFINITY;
        for (int i = 0; i < 12; i++) {
            cm_color_t c[2] = {cm_style_sequential(s, i / 11.0), s->map_land};
            int a, b;
            near_land = fmin(near_land, min_delta(c, 2, false, &a, &b));
        }
        print_message("%s: founders %.2f:1 on the ocean, %.2f:1 on the page; bins >= %.1f "
                      "ΔE00 from the land\n",
                      themes[t], c_ocean, c_page, near_land);
        if (c_ocean < MIN_GRAPHIC_CONTRAST || c_page < MIN_GRAPHIC_CONTRAST) {
            print_error("%s: the founders' map colour has %.2f:1 on the ocean and %.2f:1 on "
                        "the page, below %.0f:1\n",
                        themes[t], c_ocean, c_page, MIN_GRAPHIC_CONTRAST);
            bad++;
        }
        if (near_land < MIN_DELTA_E) {
            print_error("%s: a map bin is %.1f ΔE00 from the land colour, below %.0f\n", themes[t],
                        near_land, MIN_DELTA_E);
            bad++;
        }
        cm_style_free(s);
    }
    assert_int_equal(bad, 0);
    /* the check can fail: the light ramp's founders vanish on the dark ocean (what
     * the dark style drew before palette.sequential drove the map) */
    cm_style_t *dark = load_theme("dark");
    cm_color_t light_ramp[CM_PALETTE_MAX];
    int n = cm_palette_named("ylgnbu", light_ramp);
    assert_true(n > 1);
    assert_true(contrast(light_ramp[n - 1], over(dark->map_ocean, dark->background)) <
                MIN_GRAPHIC_CONTRAST);
    cm_style_free(dark);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ciede2000_reference_pairs),
        cmocka_unit_test(test_text_contrast),
        cmocka_unit_test(test_checks_catch_bad_colours),
        cmocka_unit_test(test_palettes_survive_deuteranopia),
        cmocka_unit_test(test_sequential_ramps_are_monotonic),
        cmocka_unit_test(test_map_ramp_founders_contrast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
